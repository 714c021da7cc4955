package io.meshbridge.proxy.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The real java-control-plane xDS server, serving one snapshot to every node and recording every
 * request it receives.
 */
final class ControlPlane implements AutoCloseable {

  private final SimpleCache<String> cache = new SimpleCache<>(node -> "all");
  private final List<DiscoveryRequest> requests = new CopyOnWriteArrayList<>();
  private final Server server;

  /** On an in-process transport under {@code name}. */
  ControlPlane(String name) {
    this(InProcessServerBuilder.forName(name));
  }

  /** On {@code builder}'s transport (e.g. Netty on a loopback port). */
  ControlPlane(ServerBuilder<?> builder) {
    DiscoveryServerCallbacks recorder = new DiscoveryServerCallbacks() {
      @Override
      public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
        requests.add(request);
      }

      @Override
      public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {}
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

  /** The requests received for {@code type}, oldest first. */
  List<DiscoveryRequest> requests(ResourceType<?, ?> type) {
    return requests.stream()
        .filter(r -> r.getTypeUrl().equals(type.typeUrl()))
        .collect(Collectors.toList());
  }

  /** Requests for {@code type} that ACK {@code version}. */
  List<DiscoveryRequest> acks(ResourceType<?, ?> type, String version) {
    return requests(type).stream()
        .filter(r -> r.getVersionInfo().equals(version) && !r.getResponseNonce().isEmpty()
            && !r.hasErrorDetail())
        .collect(Collectors.toList());
  }

  /** Requests for {@code type} that NACK something. */
  List<DiscoveryRequest> nacks(ResourceType<?, ?> type) {
    return requests(type).stream().filter(DiscoveryRequest::hasErrorDetail)
        .collect(Collectors.toList());
  }

  /** Stops the server at once, failing its streams. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
