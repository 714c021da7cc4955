package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Delta ADS ({@code DeltaAggregatedResources}), as Envoy speaks it. The node goes in every request
 * (Envoy's default, {@code set_node_on_first_message_only: false}): java-control-plane groups each
 * request by its own node, so a request without one would be answered for the default proxy scope
 * (pilot would then send listeners for another bind address). The first request of a type subscribes to its names (none: a wildcard, as
 * LDS and CDS are) and lists in {@code initial_resource_versions} the version of every resource
 * the client still holds, so a server that honours it need not send them again; later requests
 * carry only the names subscribed and unsubscribed since, and the nonce when they ACK or NACK a
 * response.
 */
final class DeltaWire implements AdsWire {

  private final Node node;
  private final StreamObserver<DeltaDiscoveryRequest> requests;
  /** What the server was told each type's names are, on this stream. */
  private final Map<ResourceType<?, ?>, Set<String>> told = new HashMap<>();

  DeltaWire(Channel channel, Node node, Sink sink) {
    this.node = requireNonNull(node, "node");
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .deltaAggregatedResources(AdsWire.observer(XdsResponse::of, sink));
  }

  @Override
  public void send(ResourceType<?, ?> type, ResourceState<?, ?> state, String nonce,
      boolean answers, @Nullable String errorDetail) {
    DeltaDiscoveryRequest.Builder request =
        DeltaDiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl());
    Set<String> names = new LinkedHashSet<>(state.resourceNames());
    Set<String> before = told.get(type);
    if (before == null) {
      if (!type.wildcard() && names.isEmpty()) {
        return; // an empty first request would subscribe to every resource of the type
      }
      request.addAllResourceNamesSubscribe(names)
          .putAllInitialResourceVersions(state.resourceVersions());
    } else {
      names.stream().filter(name -> !before.contains(name))
          .forEach(request::addResourceNamesSubscribe);
      before.stream().filter(name -> !names.contains(name))
          .forEach(request::addResourceNamesUnsubscribe);
      if (!answers && request.getResourceNamesSubscribeCount() == 0
          && request.getResourceNamesUnsubscribeCount() == 0) {
        return; // nothing to say
      }
    }
    told.put(type, names);
    if (answers) {
      request.setResponseNonce(nonce);
    }
    if (errorDetail != null) {
      request.setErrorDetail(AdsWire.errorDetail(errorDetail));
    }
    request.setNode(node);
    requests.onNext(request.build());
  }

  @Override
  public void sendHealth(@Nullable String errorDetail) {
    DeltaDiscoveryRequest.Builder request =
        DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(HEALTH_TYPE_URL);
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
