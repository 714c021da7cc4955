package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.meshbridge.pilot.ca.CaRefusedException;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.ca.TlsPeers;

/**
 * Admits an xDS stream on the CA's TLS port only with a valid mesh client certificate (our roots,
 * our trust domain, valid now, not revoked); otherwise closes it {@code UNAUTHENTICATED} with the
 * reason first in the description, e.g. {@code UNTRUSTED_CERTIFICATE: client certificate ...}
 * (logged and counted by the CA). The identity is in {@link #PEER_IDENTITY} for the call; {@link
 * NodeIdentityCallbacks} then refuses a stream whose node claims another namespace or service
 * account ({@code PERMISSION_DENIED}, {@code IDENTITY_MISMATCH: ...}).
 */
public final class ClientCertificateAuth implements ServerInterceptor {

  /** The authenticated SPIFFE ID of the current xDS call; absent on the plaintext port. */
  public static final Context.Key<SpiffeId> PEER_IDENTITY = Context.key("meshbridge-xds-peer");

  /** The same identity, with who to count a refusal with ({@link NodeIdentityCallbacks}). */
  static final Context.Key<NodeIdentityCallbacks.Peer> PEER =
      Context.key("meshbridge-xds-peer-check");

  private final CertificateAuthority ca;

  public ClientCertificateAuth(CertificateAuthority ca) {
    this.ca = requireNonNull(ca, "ca");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String peer = String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    SpiffeId identity;
    try {
      identity =
          ca.authenticatePeer(
              TlsPeers.chain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)), peer);
    } catch (CaRefusedException e) {
      call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context =
        Context.current()
            .withValues(
                PEER_IDENTITY, identity, PEER, new NodeIdentityCallbacks.Peer(identity, peer, ca));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
