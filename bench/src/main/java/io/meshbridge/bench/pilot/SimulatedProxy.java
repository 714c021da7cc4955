package io.meshbridge.bench.pilot;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated proxy on one ADS stream: subscribes as Meshbridge's proxy does (LDS and CDS as
 * wildcards, RDS and EDS by the names those reference), ACKs every response, and reports when it
 * first had a complete configuration and which churn tick each EDS push brought.
 */
abstract class SimulatedProxy {

  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

  final int index;
  final Node node;
  final Convergence convergence;
  private final CompletableFuture<Long> complete = new CompletableFuture<>();
  private long startNanos;
  private int ackedTypes; // bit per type: CDS 1, LDS 2, RDS 4, complete EDS 8
  long responses;

  SimulatedProxy(int index, Convergence convergence) {
    this.index = index;
    this.convergence = convergence;
    this.node =
        Node.newBuilder()
            .setId("bench-proxy-" + index)
            .setCluster("bench")
            .setUserAgentName("meshbridge-bench")
            .setMetadata(
                Struct.newBuilder()
                    .putFields(
                        "MESHBRIDGE_BIND_ADDRESS",
                        Value.newBuilder().setStringValue("0.0.0.0").build()))
            .build();
  }

  /** Opens the stream and sends the first requests. */
  final void start() {
    startNanos = System.nanoTime();
    open();
  }

  abstract void open();

  /** Nanoseconds from {@link #start} until the first complete configuration was ACKed. */
  CompletableFuture<Long> complete() {
    return complete;
  }

  /**
   * Notes an ACKed type; {@code edsComplete} when the EDS push covered every subscribed cluster.
   */
  final void acked(String typeUrl, boolean edsComplete) {
    responses++;
    int bit =
        switch (typeUrl) {
          case CDS -> 1;
          case LDS -> 2;
          case RDS -> 4;
          case EDS -> edsComplete ? 8 : 0;
          default -> 0;
        };
    ackedTypes |= bit;
    if (ackedTypes == 15 && !complete.isDone()) {
      complete.complete(System.nanoTime() - startNanos);
    }
  }

  final void failed(Throwable t) {
    if (complete.completeExceptionally(t)) {
      System.err.println("proxy " + index + ": stream failed: " + t);
    }
  }
}
