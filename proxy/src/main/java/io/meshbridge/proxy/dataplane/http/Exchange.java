package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.http.RetryRules.Failure;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The upstream side of one proxied request: one {@link Attempt} after another (retries as the
 * route's {@link io.meshbridge.proxy.config.RetryPolicy} allows, with backoff, within the route
 * timeout that spans them all), then the chosen response streamed back. Ends in exactly one of:
 * response relayed, local 503/504, or downstream reset. A retry is possible only until the first
 * response byte is written downstream ("committed"). Runs on the downstream connection's event
 * loop, which is also the event loop of every upstream connection it uses.
 */
final class Exchange {

  private final DownstreamHandler owner;
  private final ChannelHandlerContext downstream;
  private final HttpRequest request;
  private final RequestInfo info;
  private final ClusterState cluster;
  private final RouteTable.Match route;
  private final UpstreamPool pool;
  private final long timeoutNanos;
  private final RetryState retry;
  private final RequestBody body;
  private final HeldResponse held = new HeldResponse();

  private @Nullable Attempt attempt;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ScheduledFuture<?> backoff;
  private int firstEndpoint;
  private boolean requestComplete;
  private boolean committed;
  private boolean upstreamKeepAlive;
  private boolean downstreamKeepAlive;
  private boolean done;

  /** What the exchange needs to know about the downstream request. */
  record RequestInfo(HttpVersion clientVersion, boolean head, boolean idempotent) {}

  /** Where the request goes: a cluster, the first endpoint picked, the route matched. */
  record Target(ClusterState cluster, int endpoint, RouteTable.Match route) {}

  Exchange(
      DownstreamHandler owner,
      ChannelHandlerContext downstream,
      HttpRequest upstreamRequest,
      RequestInfo info,
      Target target,
      RetryState retry,
      UpstreamPool pool,
      long timeoutNanos) {
    this.owner = owner;
    this.downstream = downstream;
    this.request = upstreamRequest;
    this.info = info;
    this.cluster = target.cluster();
    this.firstEndpoint = target.endpoint();
    this.route = target.route();
    this.retry = retry;
    this.pool = pool;
    this.timeoutNanos = timeoutNanos;
    this.body = new RequestBody(retry.policy().enabled() || info.idempotent());
  }

  void start() {
    startAttempt(firstEndpoint, false);
  }

  ClusterState cluster() {
    return cluster;
  }

  boolean requestComplete() {
    return requestComplete;
  }

  /** Whether the downstream may be read: the body can flow, or only the end of the request remains. */
  boolean wantsRequestData() {
    Channel ch = upstreamChannel();
    return requestComplete || (ch != null && ch.isWritable());
  }

  void onRequestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestComplete = true;
      if (timeoutNanos > 0) { // 0: the route has no timeout
        timer = schedule(this::onTimeout, timeoutNanos);
      }
    }
    body.add(content, upstreamChannel());
    Attempt a = attempt;
    if (last && a != null) {
      a.requestComplete();
    }
  }

  void flushUpstream() {
    Channel ch = upstreamChannel();
    if (ch != null) {
      ch.flush();
    }
  }

  void onDownstreamWritabilityChanged() {
    Channel ch = upstreamChannel();
    if (ch != null) {
      ch.config().setAutoRead(downstream.channel().isWritable());
    }
  }

  /** The downstream connection is gone: drop everything, never pool the upstream connection. */
  void abort() {
    if (!done) {
      done = true;
      cleanUp();
    }
  }

  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return downstream.executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** An attempt got its connection: the request head and the body so far go out on it. */
  void attached(Attempt a, Channel ch) {
    ch.config().setAutoRead(downstream.channel().isWritable());
    ch.write(request, ch.voidPromise());
    body.writeTo(ch);
    ch.flush();
    owner.updateReading();
  }

  void onAttemptReadComplete() {
    downstream.flush();
  }

  void onAttemptWritabilityChanged() {
    owner.updateReading();
  }

  /** A response head or body part of the current attempt. */
  void onAttemptResponse(Attempt a, HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      int grpcStatus = RetryRules.grpcStatus(response.headers());
      outcome(a, response.status().code());
      boolean retriable = retry.retries(response.status().code(), grpcStatus);
      if (retriable && retryAfter(a)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      boolean full = msg instanceof HttpContent;
      if (!full && grpcStatus < 0 && RetryRules.isGrpc(response.headers()) && mayStillRetry()) {
        held.hold(msg); // the status comes in the trailers: wait for them
        return;
      }
      commit(response, retriable);
      if (!full) {
        return;
      }
    }
    HttpContent content = (HttpContent) msg;
    if (held.holding()) {
      heldPart(a, content);
    } else if (content instanceof LastHttpContent) {
      completeResponse(a, content);
    } else {
      downstream.write(content, downstream.voidPromise());
    }
  }

  private void heldPart(Attempt a, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    held.hold(content);
    boolean retriable = false;
    if (last) {
      int grpcStatus = RetryRules.grpcStatus(((LastHttpContent) content).trailingHeaders());
      retriable = grpcStatus >= 0 && retry.retries(200, grpcStatus);
      if (retriable && retryAfter(a)) {
        held.release();
        return;
      }
    } else if (held.bytes() <= RequestBody.LIMIT_BYTES) {
      return;
    }
    HttpObject next;
    while ((next = held.poll()) != null) { // too big to hold, or no retry: relay what is held
      if (next instanceof HttpResponse response) {
        commit(response, retriable);
      }
      if (next instanceof LastHttpContent lastPart) {
        completeResponse(a, lastPart);
      } else if (next instanceof HttpContent part) {
        downstream.write(part, downstream.voidPromise());
      }
    }
    held.release();
  }

  /**
   * The current attempt failed without a response to relay: replay the request on a fresh
   * connection (keep-alive race), retry after a backoff, or answer locally.
   */
  void onAttemptFailed(Attempt a, Failure failure, String reason) {
    boolean timeout = failure == Failure.PER_TRY_TIMEOUT;
    if (timeout) {
      cluster.stats().timeouts().increment();
    }
    outcome(a, timeout ? 504 : 503);
    if (committed) {
      done = true;
      cleanUp();
      owner.resetDownstream();
      return;
    }
    held.release();
    if (failure == Failure.RESET && a.reused() && body.replayable() && retry.takeRaceRetry()) {
      startAttempt(a.endpoint(), true); // the classic keep-alive race: not a real retry
      return;
    }
    if (retry.retries(failure) && retryAfter(a)) {
      return;
    }
    switch (failure) {
      case CONNECT_FAILURE ->
          finishLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream connect error: " + reason);
      case PER_TRY_TIMEOUT ->
          finishLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout");
      case PROTOCOL_ERROR ->
          finishLocally(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "upstream reset before response: protocol error");
      default ->
          finishLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream reset before response");
    }
  }

  /**
   * The one place an attempt's result is known: its response status, or 503 (connect failure,
   * reset) / 504 (per-try timeout) standing in for one. Called exactly once per attempt.
   */
  private void outcome(Attempt a, int status) {
    if (a.takeOutcome()) {
      cluster.stats().response(status);
      cluster.endpoints().finished(a.endpoint());
    }
  }

  /** Whether a retriable outcome of {@code a} may still be retried (then it is scheduled). */
  private boolean retryAfter(Attempt a) {
    if (!body.replayable()) {
      return false;
    }
    if (!retry.takeRetry()) {
      cluster.stats().retryLimitExceeded().increment();
      return false;
    }
    cluster.stats().retries().increment();
    a.close();
    attempt = null;
    owner.updateReading();
    backoff = schedule(this::retryNow, retry.backoffNanos());
    return true;
  }

  private boolean mayStillRetry() {
    return body.replayable() && retry.mayRetryOnTrailers();
  }

  private void retryNow() {
    backoff = null;
    if (done) {
      return;
    }
    int endpoint = retry.pickEndpoint(cluster);
    if (endpoint < 0) {
      cluster.stats().noHealthyUpstream().increment();
      finishLocally(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "no healthy upstream for cluster '" + cluster.name() + "'");
      return;
    }
    startAttempt(endpoint, false);
  }

  private void startAttempt(int endpoint, boolean fresh) {
    cluster.endpoints().started(endpoint);
    long perTry =
        retry.policy().perTryTimeout() == null ? 0 : retry.policy().perTryTimeout().toNanos();
    Attempt a = new Attempt(this, endpoint, cluster.endpoints().key(endpoint), pool, perTry);
    attempt = a;
    a.start(fresh);
  }

  /** Starts relaying {@code response}; {@code retriable}: it is a failure the policy retries. */
  private void commit(HttpResponse response, boolean retriable) {
    committed = true;
    body.stopKeeping(upstreamChannel() != null);
    if (retry.retries() > 0 && !retriable) {
      cluster.stats().retrySuccesses().increment();
    }
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    downstreamKeepAlive =
        ProxyHeaders.toDownstream(
            response, info.clientVersion(), info.head(), owner.keepAlive() && requestComplete);
    RouteHeaders.toResponse(response.headers(), route);
    downstream.write(response, downstream.voidPromise());
  }

  private void completeResponse(Attempt a, HttpContent last) {
    done = true;
    cancelTimers();
    ChannelFuture written = downstream.writeAndFlush(last);
    attempt = null;
    a.release(upstreamKeepAlive && requestComplete);
    owner.exchangeFinished(written, downstreamKeepAlive);
  }

  private void onTimeout() {
    timer = null;
    if (done) {
      return;
    }
    cluster.stats().timeouts().increment();
    Attempt a = attempt;
    if (a != null) {
      outcome(a, 504);
    }
    if (committed) {
      done = true;
      cleanUp();
      owner.resetDownstream();
    } else {
      finishLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout");
    }
  }

  private void finishLocally(HttpResponseStatus status, String text) {
    done = true;
    cleanUp();
    owner.replyLocally(status, text, requestComplete);
  }

  private void cleanUp() {
    cancelTimers();
    body.release();
    held.release();
    Attempt a = attempt;
    attempt = null;
    if (a != null) {
      a.close();
    }
  }

  private @Nullable Channel upstreamChannel() {
    Attempt a = attempt;
    return a == null ? null : a.channel();
  }

  private void cancelTimers() {
    ScheduledFuture<?> t = timer;
    timer = null;
    if (t != null) {
      t.cancel(false);
    }
    ScheduledFuture<?> b = backoff;
    backoff = null;
    if (b != null) {
      b.cancel(false);
    }
  }
}
