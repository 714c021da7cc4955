package io.meshbridge.proxy.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.meshbridge.proxy.bootstrap.AdsApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The real java-control-plane xDS server, serving one snapshot to every node over state of the
 * world and delta ADS, and recording every request it receives as a {@link Request}.
 */
final class ControlPlane implements AutoCloseable {

  /**
   * A request of either variant, as the tests read it.
   *
   * @param stream the server's stream id
   * @param node the node of the stream's first request (delta sends it only there)
   * @param version state of the world: {@code version_info}; delta: the {@code
   *     system_version_info} of the response this request answers, "" if it answers none
   * @param names state of the world: {@code resource_names}; delta: {@code
   *     resource_names_subscribe}
   * @param unsubscribed delta's {@code resource_names_unsubscribe}
   * @param initialVersions delta's {@code initial_resource_versions}
   * @param error the NACK's message, or null
   */
  record Request(AdsApi api, long stream, String typeUrl, Node node, String version, String nonce,
      List<String> names, List<String> unsubscribed, Map<String, String> initialVersions,
      @Nullable String error) {}

  private final SimpleCache<String> cache = new SimpleCache<>(node -> "all");
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<Long, Node> nodes = new ConcurrentHashMap<>();
  /** Delta: the version of each response sent, by stream and nonce. */
  private final Map<String, String> deltaVersions = new ConcurrentHashMap<>();
  private final Server server;

  /** On an in-process transport under {@code name}. */
  ControlPlane(String name) {
    this(InProcessServerBuilder.forName(name));
  }

  /** On {@code builder}'s transport (e.g. Netty on a loopback port). */
  ControlPlane(ServerBuilder<?> builder) {
    DiscoveryServerCallbacks recorder = new DiscoveryServerCallbacks() {
      @Override
      public void onV3StreamRequest(long streamId, DiscoveryRequest r) {
        Node node = nodes.computeIfAbsent(streamId, id -> r.getNode());
        requests.add(new Request(AdsApi.STATE_OF_THE_WORLD, streamId, r.getTypeUrl(), node,
            r.getVersionInfo(), r.getResponseNonce(), r.getResourceNamesList(), List.of(),
            Map.of(), r.hasErrorDetail() ? r.getErrorDetail().getMessage() : null));
      }

      @Override
      public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest r) {
        Node node = nodes.computeIfAbsent(streamId, id -> r.getNode());
        requests.add(new Request(AdsApi.DELTA, streamId, r.getTypeUrl(), node,
            deltaVersions.getOrDefault(streamId + "/" + r.getResponseNonce(), ""),
            r.getResponseNonce(), r.getResourceNamesSubscribeList(),
            r.getResourceNamesUnsubscribeList(), r.getInitialResourceVersionsMap(),
            r.hasErrorDetail() ? r.getErrorDetail().getMessage() : null));
      }

      @Override
      public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request,
          DeltaDiscoveryResponse response) {
        deltaVersions.put(streamId + "/" + response.getNonce(), response.getSystemVersionInfo());
      }
    };
    V3DiscoveryServer xds = new V3DiscoveryServer(recorder, cache);
    try {
      server = builder
          .addService(xds.getAggregatedDiscoveryServiceImpl())
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on, for a network transport. */
  int port() {
    return server.getPort();
  }

  void setSnapshot(Snapshot snapshot) {
    cache.setSnapshot("all", snapshot);
  }

  /** The snapshot served. */
  Snapshot snapshot() {
    return cache.getSnapshot("all");
  }

  /** The requests received for {@code type}, oldest first. */
  List<Request> requests(ResourceType<?, ?> type) {
    return requests(type.typeUrl());
  }

  /** The requests received of {@code typeUrl} (also one no resource type has), oldest first. */
  List<Request> requests(String typeUrl) {
    return requests.stream()
        .filter(r -> r.typeUrl().equals(typeUrl))
        .collect(Collectors.toList());
  }

  /** Requests for {@code type} that ACK {@code version}. */
  List<Request> acks(ResourceType<?, ?> type, String version) {
    return requests(type).stream()
        .filter(r -> r.version().equals(version) && !r.nonce().isEmpty() && r.error() == null)
        .collect(Collectors.toList());
  }

  /** Requests for {@code type} that NACK something. */
  List<Request> nacks(ResourceType<?, ?> type) {
    return requests(type).stream().filter(r -> r.error() != null).collect(Collectors.toList());
  }

  /**
   * The names the client is subscribed to for {@code type} on its latest stream: the last state of
   * the world request's, or delta's subscriptions minus unsubscriptions since the stream opened.
   */
  Set<String> subscribed(ResourceType<?, ?> type) {
    Set<String> names = new TreeSet<>();
    long stream = -1;
    for (Request r : requests(type)) {
      if (r.api() == AdsApi.STATE_OF_THE_WORLD || r.stream() != stream) {
        names.clear();
      }
      stream = r.stream();
      names.addAll(r.names());
      r.unsubscribed().forEach(names::remove);
    }
    return names;
  }

  /** Stops the server at once, failing its streams. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
