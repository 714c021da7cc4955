package io.meshbridge.bench.pilot;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One simulated proxy on one ADS stream: subscribes as Meshbridge's proxy does (LDS and CDS as
 * wildcards, RDS and EDS by the names those reference), ACKs every response, and reports when it
 * first had a complete configuration and which churn tick each EDS push brought.
 */
public abstract class SimulatedProxy {

  /** Told of every response once it is ACKed: its resources, serialized, and when the ACK went. */
  public interface AckListener {
    void acked(String typeUrl, List<ByteString> resources, long ackedEpochMicros);
  }

  public static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  public static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  public static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  public static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

  final int index;
  final Node node;
  final Convergence convergence;
  private final CompletableFuture<Long> complete = new CompletableFuture<>();
  private long startNanos;
  private int ackedTypes; // bit per type: CDS 1, LDS 2, RDS 4, complete EDS 8
  long responses;
  private volatile @Nullable AckListener ackListener;

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

  /**
   * A proxy outside the churn harness (nothing counts clock ticks): state of the world, or delta
   * ({@code delta}). Watch it with {@link #onAck} before {@link #start}.
   */
  public static SimulatedProxy create(int index, boolean delta, AggregatedDiscoveryServiceStub stub) {
    Convergence none = new Convergence(index + 1, 1); // indexed by proxy; nothing reads it
    return delta ? new DeltaProxy(index, none, stub) : new SotwProxy(index, none, stub);
  }

  /** Calls {@code listener} after each ACK from now on (on gRPC's thread: keep it short). */
  public final void onAck(AckListener listener) {
    this.ackListener = listener;
  }

  /** Opens the stream and sends the first requests. */
  public final void start() {
    startNanos = System.nanoTime();
    open();
  }

  abstract void open();

  /**
   * Per type URL, the version of each resource this proxy holds now; empty where the protocol
   * names no per-resource version (state of the world).
   */
  Map<String, Map<String, String>> state() {
    return Map.of();
  }

  /** Nanoseconds from {@link #start} until the first complete configuration was ACKed. */
  public CompletableFuture<Long> complete() {
    return complete;
  }

  /** Which parts of a first configuration this proxy has ACKed, for a log line. */
  final String progress() {
    return "CDS " + ((ackedTypes & 1) != 0) + ", LDS " + ((ackedTypes & 2) != 0) + ", RDS "
        + ((ackedTypes & 4) != 0) + ", complete EDS " + ((ackedTypes & 8) != 0) + ", responses "
        + responses;
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

  /** Tells the {@link AckListener}, if any, of a response just ACKed. */
  final void ackSent(String typeUrl, Supplier<List<ByteString>> resources) {
    AckListener listener = ackListener;
    if (listener != null) {
      listener.acked(typeUrl, resources.get(), PilotUnderTest.epochMicros());
    }
  }

  final void failed(Throwable t) {
    if (complete.completeExceptionally(t)) {
      System.err.println("proxy " + index + ": stream failed: " + t);
    }
  }
}
