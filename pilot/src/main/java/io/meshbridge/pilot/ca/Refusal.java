package io.meshbridge.pilot.ca;

import io.grpc.Status;

/** Why the CA refused a certificate request; each is counted ({@link CaMetrics}) and logged. */
public enum Refusal {
  /** The CSR is not PEM PKCS#10, its signature does not verify, or it names no single identity. */
  MALFORMED_CSR(Status.Code.INVALID_ARGUMENT),
  /** The CSR is larger than {@link CertificateAuthority#MAX_CSR_BYTES}. */
  CSR_TOO_LARGE(Status.Code.INVALID_ARGUMENT),
  /** {@code validity_duration} is negative or above the configured maximum. */
  BAD_VALIDITY(Status.Code.INVALID_ARGUMENT),
  /** Neither a bearer token nor a client certificate came with the request. */
  NO_CREDENTIALS(Status.Code.UNAUTHENTICATED),
  /** The bearer token is no join token this CA issued (or it was pruned after expiry). */
  UNKNOWN_TOKEN(Status.Code.UNAUTHENTICATED),
  /** The join token was already redeemed once. */
  TOKEN_ALREADY_USED(Status.Code.UNAUTHENTICATED),
  /** The join token's time to live has passed. */
  TOKEN_EXPIRED(Status.Code.UNAUTHENTICATED),
  /** The Kubernetes API server did not authenticate the service-account token. */
  KUBERNETES_TOKEN_REJECTED(Status.Code.UNAUTHENTICATED),
  /** The client certificate does not chain to this CA's roots. */
  UNTRUSTED_CERTIFICATE(Status.Code.UNAUTHENTICATED),
  /** The client certificate is expired or not yet valid. */
  CERTIFICATE_EXPIRED(Status.Code.UNAUTHENTICATED),
  /** The client certificate carries no single {@code spiffe://.../ns/.../sa/...} URI SAN. */
  NOT_A_WORKLOAD_CERTIFICATE(Status.Code.UNAUTHENTICATED),
  /** The client certificate's SPIFFE ID is of another trust domain. */
  WRONG_TRUST_DOMAIN(Status.Code.UNAUTHENTICATED),
  /**
   * The CSR asks for another identity than the credentials allow; or an xDS node's {@code
   * NAMESPACE} or {@code SERVICE_ACCOUNT} is not its client certificate's.
   */
  IDENTITY_MISMATCH(Status.Code.PERMISSION_DENIED),
  /** The identity is listed in {@code ca.revoked}. */
  REVOKED(Status.Code.PERMISSION_DENIED),
  /** The CA failed (a bug or an I/O error), not the request. */
  INTERNAL(Status.Code.INTERNAL);

  private final Status.Code code;

  Refusal(Status.Code code) {
    this.code = code;
  }

  /** The gRPC status code a caller sees. */
  public Status.Code code() {
    return code;
  }
}
