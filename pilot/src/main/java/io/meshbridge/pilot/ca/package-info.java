/**
 * The mesh certificate authority: a root (self-signed and persisted, or plugged in from files)
 * that signs short-lived X.509 workload certificates carrying a SPIFFE identity, over Istio's
 * {@code istio.v1.auth.IstioCertificateService/CreateCertificate} gRPC API. The first certificate
 * of a VM is authorized by a one-time join token, renewals by the current certificate (mTLS), and
 * Kubernetes workloads by their service-account token (TokenReview).
 */
@NullMarked
package io.meshbridge.pilot.ca;

import org.jspecify.annotations.NullMarked;
