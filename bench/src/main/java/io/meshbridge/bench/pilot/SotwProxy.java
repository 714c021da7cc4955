package io.meshbridge.bench.pilot;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** A {@link SimulatedProxy} on a state-of-the-world ADS stream. */
final class SotwProxy extends SimulatedProxy implements StreamObserver<DiscoveryResponse> {

  private final AggregatedDiscoveryServiceStub stub;
  private final Map<String, Acked> lastAcked = new HashMap<>(); // by type
  private Set<String> clusters = Set.of();
  private Set<String> routes = Set.of();
  // Guards `requests`: start() sends on the caller's thread, ACKs go out on gRPC's.
  private final Object sendLock = new Object();
  private @Nullable StreamObserver<DiscoveryRequest> requests;

  SotwProxy(int index, Convergence convergence, AggregatedDiscoveryServiceStub stub) {
    super(index, convergence);
    this.stub = stub;
  }

  @Override
  void open() {
    synchronized (sendLock) {
      requests = stub.streamAggregatedResources(this);
      request(CDS, Set.of(), null);
      request(LDS, Set.of(), null);
    }
  }

  @Override
  public void onNext(DiscoveryResponse response) {
    long now = PilotUnderTest.epochMicros();
    String type = response.getTypeUrl();
    Set<String> names = new TreeSet<>();
    Set<String> routeNames = new TreeSet<>();
    long tick = -1;
    for (Any resource : response.getResourcesList()) {
      String name = XdsBytes.name(resource.getValue());
      names.add(name);
      if (type.equals(EDS) && name.equals(SyntheticMesh.Clock.CLUSTER)) {
        tick = XdsBytes.tick(resource.getValue());
      } else if (type.equals(LDS)) {
        XdsBytes.routeNames(resource, routeNames);
      }
    }
    synchronized (sendLock) {
      switch (type) {
        case CDS -> {
          request(CDS, Set.of(), response);
          if (!names.equals(clusters)) {
            clusters = names;
            request(EDS, clusters, null);
          }
        }
        case LDS -> {
          request(LDS, Set.of(), response);
          if (!routeNames.equals(routes)) {
            routes = routeNames;
            request(RDS, routes, null);
          }
        }
        default -> request(type, type.equals(EDS) ? clusters : routes, response);
      }
    }
    ackSent(
        type, () -> response.getResourcesList().stream().map(Any::getValue).toList());
    if (tick >= 0) {
      convergence.acked(index, tick, now);
    }
    acked(type, type.equals(EDS) && names.containsAll(clusters) && !clusters.isEmpty());
  }

  private void request(String type, Set<String> names, @Nullable DiscoveryResponse ack) {
    DiscoveryRequest.Builder r =
        DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).addAllResourceNames(names);
    if (ack != null) {
      lastAcked.put(type, new Acked(ack.getVersionInfo(), ack.getNonce()));
    }
    Acked previous = lastAcked.get(type);
    if (previous != null) {
      r.setVersionInfo(previous.version()).setResponseNonce(previous.nonce());
    }
    java.util.Objects.requireNonNull(requests, "requests").onNext(r.build());
  }

  /** What a request ACKs: only these two strings are kept, never the (large) response. */
  private record Acked(String version, String nonce) {}

  @Override
  public void onError(Throwable t) {
    failed(t);
  }

  @Override
  public void onCompleted() {
    failed(new IllegalStateException("pilot closed the stream"));
  }
}
