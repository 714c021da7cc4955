package io.meshbridge.bench.pilot;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A {@link SimulatedProxy} on an incremental (delta) ADS stream. */
final class DeltaProxy extends SimulatedProxy implements StreamObserver<DeltaDiscoveryResponse> {

  private final AggregatedDiscoveryServiceStub stub;
  // Per type, the version of each resource held; written on gRPC's thread, read by state().
  private final Map<String, Map<String, String>> known = new HashMap<>();
  private final Set<String> clusters = new HashSet<>();
  private final Set<String> routes = new HashSet<>();
  // Guards `requests`: start() sends on the caller's thread, ACKs go out on gRPC's.
  private final Object sendLock = new Object();
  private @Nullable StreamObserver<DeltaDiscoveryRequest> requests;

  DeltaProxy(int index, Convergence convergence, AggregatedDiscoveryServiceStub stub) {
    super(index, convergence);
    this.stub = stub;
  }

  @Override
  void open() {
    synchronized (sendLock) {
      requests = stub.deltaAggregatedResources(this);
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS));
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LDS));
    }
  }

  @Override
  public void onNext(DeltaDiscoveryResponse response) {
    long now = PilotUnderTest.epochMicros();
    String type = response.getTypeUrl();
    Set<String> held;
    synchronized (known) {
      Map<String, String> versions = known.computeIfAbsent(type, t -> new HashMap<>());
      response.getRemovedResourcesList().forEach(versions::remove);
      response.getResourcesList().forEach(r -> versions.put(r.getName(), r.getVersion()));
      held = versions.keySet(); // read below on this thread only; state() copies under the lock
    }
    Set<String> newRoutes = new HashSet<>();
    long tick = -1;
    for (Resource resource : response.getResourcesList()) {
      if (type.equals(EDS) && resource.getName().equals(SyntheticMesh.Clock.CLUSTER)) {
        tick = XdsBytes.tick(resource.getResource().getValue());
      } else if (type.equals(LDS)) {
        XdsBytes.routeNames(resource.getResource(), newRoutes);
      }
    }
    synchronized (sendLock) {
      send(
          DeltaDiscoveryRequest.newBuilder()
              .setTypeUrl(type)
              .setResponseNonce(response.getNonce()));
      if (type.equals(CDS)) {
        subscribe(EDS, clusters, held);
      } else if (type.equals(LDS)) {
        subscribe(RDS, routes, newRoutes);
      }
    }
    ackSent(
        type,
        () -> response.getResourcesList().stream().map(r -> r.getResource().getValue()).toList());
    if (tick >= 0) {
      convergence.acked(index, tick, now);
    }
    acked(type, type.equals(EDS) && !clusters.isEmpty() && held.containsAll(clusters));
  }

  @Override
  Map<String, Map<String, String>> state() {
    synchronized (known) {
      Map<String, Map<String, String>> copy = new HashMap<>();
      known.forEach((type, versions) -> copy.put(type, Map.copyOf(versions)));
      return copy;
    }
  }

  private void subscribe(String type, Set<String> subscribed, Set<String> wanted) {
    List<String> added = wanted.stream().filter(n -> !subscribed.contains(n)).sorted().toList();
    if (!added.isEmpty()) {
      subscribed.addAll(added);
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNamesSubscribe(added));
    }
  }

  private void send(DeltaDiscoveryRequest.Builder request) {
    Objects.requireNonNull(requests, "requests").onNext(request.setNode(node).build());
  }

  @Override
  public void onError(Throwable t) {
    failed(t);
  }

  @Override
  public void onCompleted() {
    failed(new IllegalStateException("pilot closed the stream"));
  }
}
