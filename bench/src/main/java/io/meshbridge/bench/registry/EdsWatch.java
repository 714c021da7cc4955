package io.meshbridge.bench.registry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.bench.pilot.SimulatedProxy;
import io.meshbridge.bench.pilot.XdsBytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What the simulated proxy ACKed of EDS: when it first held every endpoint, and when it ACKed the
 * load assignment that shows an expected change. Runs on the proxy's gRPC thread.
 */
final class EdsWatch implements SimulatedProxy.AckListener {

  /** Waiting for {@code cluster} to have {@code address} ({@code present}) or not. */
  record Expectation(
      String cluster, String address, boolean present, CompletableFuture<Long> acked) {}

  private final int endpoints;
  private final CompletableFuture<Long> full = new CompletableFuture<>();
  private final AtomicReference<@Nullable Expectation> expected = new AtomicReference<>();

  EdsWatch(int endpoints) {
    this.endpoints = endpoints;
  }

  /** Epoch µs of the first EDS ACK covering all {@code endpoints}. */
  CompletableFuture<Long> full() {
    return full;
  }

  /** Epoch µs of the ACK of the first EDS push that shows the change. */
  CompletableFuture<Long> expect(String cluster, String address, boolean present) {
    Expectation e = new Expectation(cluster, address, present, new CompletableFuture<>());
    expected.set(e);
    return e.acked();
  }

  @Override
  public void acked(String typeUrl, List<ByteString> resources, long ackedEpochMicros) {
    if (!typeUrl.equals(SimulatedProxy.EDS)) {
      return;
    }
    if (!full.isDone()) {
      int count = 0;
      for (ByteString r : resources) {
        for (LocalityLbEndpoints l : parse(r).getEndpointsList()) {
          count += l.getLbEndpointsCount();
        }
      }
      if (count >= endpoints) {
        full.complete(ackedEpochMicros);
      }
    }
    Expectation e = expected.get();
    if (e == null) {
      return;
    }
    for (ByteString r : resources) {
      if (XdsBytes.name(r).equals(e.cluster()) && has(parse(r), e.address()) == e.present()) {
        e.acked().complete(ackedEpochMicros);
        expected.compareAndSet(e, null);
      }
    }
  }

  private static boolean has(ClusterLoadAssignment cla, String address) {
    for (LocalityLbEndpoints l : cla.getEndpointsList()) {
      for (LbEndpoint e : l.getLbEndpointsList()) {
        if (e.getEndpoint().getAddress().getSocketAddress().getAddress().equals(address)) {
          return true;
        }
      }
    }
    return false;
  }

  private static ClusterLoadAssignment parse(ByteString r) {
    try {
      return ClusterLoadAssignment.parseFrom(r);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a load assignment does not parse", e);
    }
  }
}
