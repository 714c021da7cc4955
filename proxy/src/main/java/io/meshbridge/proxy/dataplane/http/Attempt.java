package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.h2.RefusedStreamException;
import io.meshbridge.proxy.dataplane.http.RetryRules.Failure;
import io.meshbridge.proxy.dataplane.tls.UpstreamTls;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.upstream.UpstreamHandler;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.upstream.UpstreamListener;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try of a request against one endpoint: gets a connection (an idle pooled one, else through
 * {@link UpstreamPool#acquire} under the cluster's circuit breakers, waiting as a {@link
 * UpstreamPool.Waiter} and cancelled when abandoned while it waits), writes the request
 * (and whatever body the request has so far), runs the per-try timer, and passes the response or
 * its failure to the {@link Exchange}. Once {@linkplain #release released} or {@linkplain #close
 * closed} it reports nothing more, so a late event of an abandoned attempt never reaches the
 * exchange.
 */
final class Attempt implements UpstreamListener, UpstreamPool.Waiter {

  private static final Logger log = LoggerFactory.getLogger(Attempt.class);

  private final Exchange exchange;
  private final int endpoint;
  private final UpstreamKey key;
  private final UpstreamPool pool;
  private final long perTryNanos;
  private final long startNanos = System.nanoTime();
  private @Nullable UpstreamHandler upstream;
  private @Nullable ScheduledFuture<?> perTryTimer;
  private boolean reused;
  private boolean skippingInterim;
  private boolean ended;
  private boolean outcomeTaken;
  /** In {@link UpstreamPool#acquire}, no connection yet: cancel when abandoned. */
  private boolean waiting;

  /** @param perTryNanos the per-try timeout, 0 for none */
  Attempt(Exchange exchange, int endpoint, UpstreamKey key, UpstreamPool pool, long perTryNanos) {
    this.exchange = exchange;
    this.endpoint = endpoint;
    this.key = key;
    this.pool = pool;
    this.perTryNanos = perTryNanos;
  }

  int endpoint() {
    return endpoint;
  }

  UpstreamKey key() {
    return key;
  }

  /** When the attempt began, for the latency of its response (outlier detection, PEAK_EWMA). */
  long startNanos() {
    return startNanos;
  }

  /** True the first time only: an attempt's outcome is reported exactly once. */
  boolean takeOutcome() {
    boolean first = !outcomeTaken;
    outcomeTaken = true;
    return first;
  }

  /** Whether the attempt went out on a pooled keep-alive connection. */
  boolean reused() {
    return reused;
  }

  /** The connection the request is being written to, once there is one. */
  @Nullable Channel channel() {
    UpstreamHandler u = upstream;
    return u == null ? null : u.channel();
  }

  /**
   * Gets a connection: an idle pooled one unless {@code fresh}, else through the pool's circuit
   * breakers; a max_pending_requests overflow fails the attempt ({@link Failure#OVERFLOW}).
   */
  void start(boolean fresh) {
    UpstreamHandler idle = fresh ? null : pool.pollIdle(key);
    if (idle != null) {
      attach(idle, true);
      return;
    }
    ClusterState cluster = exchange.cluster();
    waiting = true;
    if (!pool.acquire(
        key, cluster.config().connectTimeout(), cluster.stats(), cluster.breakers(), this)) {
      waiting = false;
      ended = true;
      exchange.onAttemptFailed(this, Failure.OVERFLOW, "");
    }
  }

  /** The downstream request is complete: send it on and start the per-try timer. */
  void requestComplete() {
    Channel ch = channel();
    if (ch != null) {
      ch.flush();
      startPerTryTimer();
    }
  }

  /** The response ended: the connection goes back to the pool when {@code reusable}. */
  void release(boolean reusable) {
    UpstreamHandler u = end();
    if (u != null) {
      u.unbind();
      pool.release(u, reusable);
    }
  }

  /** Abandons the attempt and closes its connection (if any). */
  void close() {
    UpstreamHandler u = end();
    if (u != null) {
      u.unbind();
      u.channel().close();
    }
  }

  @Override
  public void onResponse(HttpObject msg) {
    if (ended) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      log.debug("Upstream {} sent a malformed response", key, msg.decoderResult().cause());
      fail(Failure.PROTOCOL_ERROR);
      return;
    }
    if (msg instanceof HttpResponse response && isInterim(response)) {
      skippingInterim = true; // the proxy answered 100-continue itself
    }
    if (skippingInterim) {
      skippingInterim = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    exchange.onAttemptResponse(this, msg);
  }

  @Override
  public void onResponseReadComplete() {
    if (!ended) {
      exchange.onAttemptReadComplete();
    }
  }

  @Override
  public void onUpstreamWritabilityChanged() {
    if (!ended) {
      exchange.onAttemptWritabilityChanged();
    }
  }

  @Override
  public void onUpstreamClosed(@Nullable Throwable cause) {
    if (!ended) {
      log.debug("Upstream {} closed before the response ended", key, cause);
      fail(cause instanceof RefusedStreamException ? Failure.REFUSED_STREAM : Failure.RESET);
    }
  }

  @Override
  public void onConnection(UpstreamHandler h, boolean reused) {
    waiting = false;
    if (ended) {
      pool.release(h, true); // unused, so still good for the next request
    } else {
      attach(h, reused);
    }
  }

  @Override
  public void onConnectFailure(@Nullable Throwable cause) {
    waiting = false;
    if (!ended) {
      ended = true;
      if (cause instanceof UpstreamTls.FailureException tls) {
        exchange.transportFailed(reason(tls));
      }
      exchange.onAttemptFailed(this, Failure.CONNECT_FAILURE, reason(cause));
    }
  }

  private void attach(UpstreamHandler h, boolean reused) {
    this.reused = reused;
    upstream = h;
    h.bind(this);
    Channel ch = h.channel();
    exchange.attached(this, ch);
    if (exchange.requestComplete()) {
      startPerTryTimer();
    }
  }

  private void startPerTryTimer() {
    if (perTryNanos > 0 && perTryTimer == null) {
      perTryTimer = exchange.schedule(this::onPerTryTimeout, perTryNanos);
    }
  }

  private void onPerTryTimeout() {
    if (!ended) {
      fail(Failure.PER_TRY_TIMEOUT);
    }
  }

  private void fail(Failure failure) {
    close();
    exchange.onAttemptFailed(this, failure, "");
  }

  private @Nullable UpstreamHandler end() {
    ended = true;
    if (waiting) { // abandoned while waiting for a connection: give up its place and permit
      waiting = false;
      pool.cancel(key, this);
    }
    ScheduledFuture<?> t = perTryTimer;
    perTryTimer = null;
    if (t != null) {
      t.cancel(false);
    }
    UpstreamHandler u = upstream;
    upstream = null;
    return u;
  }

  private static boolean isInterim(HttpResponse response) {
    return response.status().codeClass() == HttpStatusClass.INFORMATIONAL
        && response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
  }

  static String reason(@Nullable Throwable cause) {
    if (cause == null) {
      return "unknown";
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
