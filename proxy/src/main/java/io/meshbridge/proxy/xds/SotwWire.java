package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * State-of-the-world ADS ({@code StreamAggregatedResources}): every request carries the node, the
 * full list of names (none for a wildcard type), the version last accepted whole and the last
 * nonce.
 */
final class SotwWire implements AdsWire {

  private final Node node;
  private final StreamObserver<DiscoveryRequest> requests;

  SotwWire(Channel channel, Node node, Sink sink) {
    this.node = requireNonNull(node, "node");
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .streamAggregatedResources(AdsWire.observer(XdsResponse::of, sink));
  }

  @Override
  public void send(ResourceType<?, ?> type, ResourceState<?, ?> state, String nonce,
      boolean answers, @Nullable String errorDetail) {
    DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(type.typeUrl())
        .setVersionInfo(state.version())
        .addAllResourceNames(state.resourceNames())
        .setResponseNonce(nonce);
    if (errorDetail != null) {
      request.setErrorDetail(AdsWire.errorDetail(errorDetail));
    }
    requests.onNext(request.build());
  }

  @Override
  public void sendHealth(@Nullable String errorDetail) {
    DiscoveryRequest.Builder request =
        DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(HEALTH_TYPE_URL);
    if (errorDetail != null) {
      request.setErrorDetail(AdsWire.errorDetail(errorDetail));
    }
    requests.onNext(request.build());
  }

  @Override
  public void cancel() {
    requests.onError(AdsWire.cancelled());
  }
}
