package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.xds.ClientCertificateAuth;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes Istio's health reports off the xDS streams: a request of type {@link #TYPE_URL} (state of
 * the world or delta) reports the proxy's workload healthy, or unhealthy with {@code error_detail}
 * (Istio's {@code HealthInformation}). The request goes to the {@link AutoRegistry} for the entry
 * the stream's node registered, and never on to java-control-plane, which knows no such type.
 *
 * <p>Bind it inside {@link ClientCertificateAuth}, so that the identity is known; a report from a
 * stream that is not the entry's identity, or without one, changes nothing.
 */
public final class HealthReports implements ServerInterceptor {

  private static final Logger logger = LoggerFactory.getLogger(HealthReports.class);

  public static final String TYPE_URL = "type.googleapis.com/istio.v1.HealthInformation";

  private final AutoRegistry registry;

  public HealthReports(AutoRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SpiffeId identity = ClientCertificateAuth.PEER_IDENTITY.get();
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      // Touched only by this call's listener callbacks, which gRPC serializes.
      private @Nullable String entryKey;
      private boolean nodeSeen;

      @Override
      public void onMessage(Q message) {
        Node node = null;
        String typeUrl = "";
        boolean failed = false;
        if (message instanceof DiscoveryRequest r) {
          node = r.hasNode() ? r.getNode() : null;
          typeUrl = r.getTypeUrl();
          failed = r.hasErrorDetail();
        } else if (message instanceof DeltaDiscoveryRequest r) {
          node = r.hasNode() ? r.getNode() : null;
          typeUrl = r.getTypeUrl();
          failed = r.hasErrorDetail();
        }
        if (node != null && !nodeSeen) {
          nodeSeen = true;
          entryKey = keyOf(node);
        }
        if (!typeUrl.equals(TYPE_URL)) {
          super.onMessage(message);
          return;
        }
        if (entryKey != null && identity != null) {
          registry.health(entryKey, identity.uri(), !failed);
        } else {
          logger.debug("health report on a stream without an auto-registered entry: ignored");
        }
        call.request(1); // the message is consumed here; the stub would have asked for the next
      }
    };
  }

  private static @Nullable String keyOf(Node node) {
    try {
      ProxyRegistration proxy = ProxyRegistration.of(node);
      return proxy == null ? null : proxy.namespace() + "/" + proxy.entryName();
    } catch (RegistrationRefusedException e) {
      return null; // the stream is refused by AutoRegistrationCallbacks, naming the key
    }
  }
}
