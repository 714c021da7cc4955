package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.controlplane.server.ExecutorGroup;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serializing executor per xDS stream ({@link StreamExecutor}), all over one pool of threads:
 * everything a stream does runs on its executor, in order, and different streams run in parallel.
 *
 * <p>As a {@link ServerInterceptor} it gives each call its executor and delivers the call's every
 * callback (each request, half-close, cancel, ready) on it; as java-control-plane's {@link
 * ExecutorGroup} it hands the same executor to the stream's observer, which sends each response
 * on it; {@link OutboundBudget} hands it to the stream's {@link PacedCall}. So a stream's
 * observer state (nonces, tracked versions, pending responses) is touched by one executor only,
 * and a request is handled after every response queued before it was sent: what the observer
 * assumes when sends are synchronous (java-control-plane's default, where pilot's one thread
 * built and sent every stream's response inside {@code setSnapshot}).
 *
 * <p>The executor reaches java-control-plane and the budget through the call's gRPC {@link
 * Context}, which is current while the service's handler opens the stream; so this interceptor
 * must come before (outside) the budget and the services. Sends queued after {@link #close} are
 * dropped: the streams are gone by then.
 */
final class StreamExecutors implements ExecutorGroup, ServerInterceptor, AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(StreamExecutors.class);

  /** The executor of the stream being opened (and of its callbacks, on the stream's threads). */
  private static final Context.Key<StreamExecutor> STREAM = Context.key("meshbridge-xds-stream");

  /** The threads; null without (0 threads, or a test dispatching by hand). */
  private final @Nullable ExecutorService pool;

  private final Executor dispatch;
  private final AtomicInteger streams = new AtomicInteger();
  private final LongAdder pending = new LongAdder();

  /**
   * A pool of {@code threads} daemon threads named {@code meshbridge-xds-N}; with 0, no threads:
   * each stream's tasks run, still one at a time and in order, on the thread that hands them over
   * while the stream is idle (gRPC's for requests, pilot's for the responses a snapshot causes),
   * as java-control-plane's default does.
   */
  StreamExecutors(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: >= 0)");
    }
    if (threads == 0) {
      this.pool = null;
      this.dispatch = MoreExecutors.directExecutor();
      return;
    }
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "meshbridge-xds-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.dispatch = this::onPool;
  }

  /** Streams over {@code dispatch} instead of a pool of their own (tests drive it by hand). */
  StreamExecutors(Executor dispatch) {
    this.pool = null;
    this.dispatch = requireNonNull(dispatch, "dispatch");
  }

  /** System property: how many threads streams run on; default one per core, 0 for none. */
  static final String THREADS_PROPERTY = "meshbridge.xds.threads";

  /** As many threads as {@value #THREADS_PROPERTY} says, by default one per core. */
  static StreamExecutors fromSystemProperty() {
    String value = System.getProperty(THREADS_PROPERTY);
    if (value == null) {
      return new StreamExecutors(Runtime.getRuntime().availableProcessors());
    }
    try {
      return new StreamExecutors(Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          THREADS_PROPERTY + ": '" + value + "' (expected: a number of threads, 0 for none)", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(THREADS_PROPERTY + ": " + e.getMessage(), e);
    }
  }

  /** A new stream's executor. */
  StreamExecutor newStream() {
    return new StreamExecutor(dispatch, pending, "stream-" + streams.incrementAndGet());
  }

  /** Tasks queued on every stream and not started yet (requests, sends, grants). */
  long pending() {
    return pending.sum();
  }

  /** The executor of the stream whose call is current, or null outside of one. */
  static @Nullable StreamExecutor current() {
    return STREAM.get();
  }

  /**
   * The executor java-control-plane sends the opening stream's responses on.
   *
   * @throws IllegalStateException if the stream was not opened through {@link #interceptCall}
   */
  @Override
  public Executor next() {
    StreamExecutor stream = current();
    if (stream == null) {
      throw new IllegalStateException(
          "xDS stream opened without StreamExecutors.interceptCall: bind the services through"
              + " DiscoveryServices.services() or served()");
    }
    return stream;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    StreamExecutor stream = newStream();
    Context context = Context.current().withValue(STREAM, stream);
    ServerCall.Listener<ReqT> listener;
    Context previous = context.attach();
    try {
      listener = next.startCall(call, headers);
    } finally {
      context.detach(previous);
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        stream.execute(context.wrap(() -> delegate().onMessage(message)));
      }

      @Override
      public void onHalfClose() {
        stream.execute(context.wrap(delegate()::onHalfClose));
      }

      @Override
      public void onCancel() {
        stream.execute(context.wrap(delegate()::onCancel));
      }

      @Override
      public void onComplete() {
        stream.execute(context.wrap(delegate()::onComplete));
      }

      @Override
      public void onReady() {
        stream.execute(context.wrap(delegate()::onReady));
      }
    };
  }

  /** Stops the threads: what is queued runs if it can within {@code grace}, then is dropped. */
  void shutdown(Duration grace) {
    ExecutorService pool = this.pool;
    if (pool == null) {
      return;
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Whether every thread has ended. */
  boolean isTerminated() {
    return pool == null || pool.isTerminated();
  }

  /** Stops the threads, giving queued tasks a second; call once the xDS servers have stopped. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(1));
  }

  private void onPool(Runnable task) {
    ExecutorService pool = requireNonNull(this.pool, "pool");
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      if (!pool.isShutdown()) {
        throw e;
      }
      logger.debug("xDS stream executors closed: dropped a stream's task");
    }
  }
}
