package io.meshbridge.pilot.xds;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One stream's side of {@link OutboundBudget}: its responses in order, each sent once the budget
 * has room.
 *
 * <p>Everything but {@link #granted} is called on the stream's executor ({@link StreamExecutors});
 * a grant, which another stream's release makes, is handed to that executor too, so a stream's
 * responses are serialized and written on its own executor, never on the thread that released the
 * budget. The monitor guards the queue and the charged bytes, and serializes every {@code
 * sendMessage} to the underlying call, for a budget bound without {@link StreamExecutors}, whose
 * streams then run on a direct executor.
 */
final class PacedCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

  private final OutboundBudget budget;
  private final Executor executor;
  private final ArrayDeque<RespT> queue = new ArrayDeque<>();
  private long charged;
  private boolean closed;

  /**
   * @param executor the stream's executor, which sends what the budget grants
   */
  PacedCall(ServerCall<ReqT, RespT> call, OutboundBudget budget, Executor executor) {
    super(call);
    this.budget = budget;
    this.executor = executor;
  }

  @Override
  public void sendMessage(RespT message) {
    synchronized (this) {
      if (closed) {
        return;
      }
      queue.add(message);
    }
    trySend();
  }

  @Override
  public void close(Status status, Metadata trailers) {
    terminated();
    super.close(status, trailers);
  }

  /** Sends queued responses while the budget has room. */
  void trySend() {
    long release = 0;
    synchronized (this) {
      for (RespT next = queue.peek(); !closed && next != null; next = queue.peek()) {
        long bytes = sizeOf(next);
        if (!budget.chargeOrWait(this, bytes)) {
          break; // the budget grants these bytes later: see granted()
        }
        release += send(next, bytes);
      }
    }
    if (release > 0) {
      budget.release(release);
    }
  }

  /**
   * The budget charged {@code bytes} for the head of the queue on this stream's behalf: sent on
   * the stream's executor. Called from any thread.
   */
  void granted(long bytes) {
    executor.execute(() -> sendGranted(bytes));
  }

  private void sendGranted(long bytes) {
    long release;
    synchronized (this) {
      RespT next = queue.peek();
      if (closed || next == null) {
        release = bytes; // nothing to send any more: give the grant back
      } else {
        release = send(next, bytes);
      }
    }
    if (release > 0) {
      budget.release(release);
    }
    trySend();
  }

  /** Sends the head of the queue, charged {@code bytes}; returns the bytes to release at once. */
  private long send(RespT next, long bytes) {
    queue.poll();
    if (super.isCancelled()) { // the peer is gone: do not serialize for nothing
      return bytes;
    }
    charged += bytes;
    super.sendMessage(next);
    if (super.isReady()) { // already under gRPC's buffer threshold: taken
      long taken = charged;
      charged = 0;
      return taken;
    }
    return 0;
  }

  /** gRPC drained this stream's buffer: what it was charged is taken by the network. */
  void onReady() {
    long release = 0;
    synchronized (this) {
      if (charged > 0 && super.isReady()) {
        release = charged;
        charged = 0;
      }
    }
    if (release > 0) {
      budget.release(release);
    }
    trySend();
  }

  /** The stream ended: drop what is queued and return what is charged. */
  void terminated() {
    long release;
    synchronized (this) {
      closed = true;
      queue.clear();
      release = charged;
      charged = 0;
    }
    budget.forget(this);
    if (release > 0) {
      budget.release(release);
    }
  }

  private static long sizeOf(Object message) {
    return message instanceof MessageLite m ? m.getSerializedSize() : 0;
  }
}
