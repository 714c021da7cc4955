package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds the bytes pilot has handed to gRPC for all streams together but the network has not taken
 * yet. Without it, one push to 2000 proxies serializes 2000 responses at once (1.1 MB of EDS each
 * for 10,000 endpoints) into direct buffers faster than loopback drains them, and pilot runs out of
 * direct memory (see BENCHMARKS.md). With it, a response waits, as a message object, until the
 * bytes in flight are under the limit; its stream's earlier response counts as taken once gRPC
 * reports the stream ready again.
 *
 * <p>One response is always let through when nothing is in flight, so a response larger than the
 * limit still goes out. A proxy that stops reading keeps its last response's bytes charged until
 * its stream ends (gRPC keepalive ends dead connections); enough such proxies together would hold
 * back every push, which is why the limit is generous.
 *
 * <p>Locks: this object's monitor guards {@link #inFlight} and {@link #waiting} and is never held
 * while calling into a stream; a stream's monitor ({@link PacedCall}) may be held while taking this
 * one, never the other way round.
 */
final class OutboundBudget implements ServerInterceptor {

  private final long limitBytes;
  private long inFlight;
  private final Map<PacedCall<?, ?>, Long> waiting = new LinkedHashMap<>(); // bytes each needs

  OutboundBudget(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes: " + limitBytes + " (expected: >= 1)");
    }
    this.limitBytes = limitBytes;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    StreamExecutor stream = StreamExecutors.current();
    PacedCall<ReqT, RespT> paced =
        new PacedCall<>(call, this, stream != null ? stream : MoreExecutors.directExecutor());
    return new SimpleForwardingServerCallListener<>(next.startCall(paced, headers)) {
      @Override
      public void onReady() {
        paced.onReady();
        super.onReady();
      }

      @Override
      public void onCancel() {
        paced.terminated();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        paced.terminated();
        super.onComplete();
      }
    };
  }

  /** Bytes handed to gRPC and not yet taken by the network, for tests and diagnostics. */
  synchronized long inFlight() {
    return inFlight;
  }

  /**
   * Charges {@code bytes} if they fit (or nothing is in flight) and no stream waits before; else
   * queues {@code call}, which is later {@linkplain PacedCall#granted granted} exactly these bytes.
   */
  synchronized boolean chargeOrWait(PacedCall<?, ?> call, long bytes) {
    if (waiting.isEmpty() && fits(bytes)) {
      inFlight += bytes;
      return true;
    }
    waiting.putIfAbsent(call, bytes);
    return false;
  }

  /**
   * Returns {@code bytes} to the budget and grants waiting streams, in order, what now fits. A
   * release looks at the waiting streams it grants and one more: O(1) amortized. Each grant is
   * sent on its stream's executor ({@link PacedCall#granted}), not on the releasing thread.
   */
  void release(long bytes) {
    List<Map.Entry<PacedCall<?, ?>, Long>> granted = List.of();
    synchronized (this) {
      inFlight -= bytes;
      for (Iterator<Map.Entry<PacedCall<?, ?>, Long>> i = waiting.entrySet().iterator();
          i.hasNext(); ) {
        Map.Entry<PacedCall<?, ?>, Long> next = i.next();
        if (!fits(next.getValue())) {
          break;
        }
        inFlight += next.getValue();
        if (granted.isEmpty()) {
          granted = new ArrayList<>();
        }
        granted.add(Map.entry(next.getKey(), next.getValue()));
        i.remove();
      }
    }
    granted.forEach(grant -> grant.getKey().granted(grant.getValue()));
  }

  private boolean fits(long bytes) {
    return inFlight == 0 || inFlight + bytes <= limitBytes;
  }

  /** A stream ended; returns what it was granted but could not use. */
  synchronized void forget(PacedCall<?, ?> call) {
    waiting.remove(requireNonNull(call, "call"));
  }
}
