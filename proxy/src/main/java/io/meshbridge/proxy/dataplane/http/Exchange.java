package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.FaultPolicy;
import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.http.RetryRules.Failure;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The upstream side of one proxied request: one {@link Attempt} after another (retries as the
 * route's {@link io.meshbridge.proxy.config.RetryPolicy} allows, with backoff, within the route
 * timeout that spans them all), then the chosen response streamed back. Ends in exactly one of:
 * response relayed, local 503/504, or downstream reset. A retry is possible only until the first
 * response byte is written downstream ("committed"). The cluster's circuit breakers: one
 * max_requests permit per request (taken when the first try begins, returned when the exchange
 * ends), one max_retries permit per retry (see {@link RetryState#takeRetry}); every attempt's
 * outcome is counted once ({@link ClusterAccounting}). Runs on the downstream connection's event
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
  private final ResponseRelay relay;
  private final RequestLog log;
  private final ClusterAccounting accounting;

  private @Nullable Attempt attempt;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ScheduledFuture<?> pending;
  private final int firstEndpoint;
  private boolean requestComplete;
  private boolean started;
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
      RequestLog log,
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
    this.log = log;
    this.accounting = new ClusterAccounting(cluster, retry);
    this.relay = new ResponseRelay(downstream, info, route, log);
  }

  /** Starts the first try, after the fault filter's delay if any (or ends in its abort). */
  void start(FilterPlan fault, List<Mirror> mirrors) {
    relay.addToResponse(fault.responseHeaders());
    body.mirrorTo(mirrors);
    if (fault.delayNanos() > 0) {
      pending = schedule(() -> begin(fault), fault.delayNanos());
      owner.updateReading();
    } else {
      begin(fault);
    }
  }

  private void begin(FilterPlan fault) {
    pending = null;
    if (done) {
      return;
    }
    FaultPolicy.Abort abort = fault.abort();
    if (abort != null) {
      done = true;
      cleanUp();
      FaultReplies.reply(owner, abort, requestComplete);
      return;
    }
    if (!accounting.acquireRequest()) { // max_requests
      log.flag(ResponseFlag.UO);
      finishLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, CircuitBreakers.OVERFLOW_TEXT);
      return;
    }
    started = true;
    startTimer();
    startAttempt(firstEndpoint, false);
  }

  ClusterState cluster() {
    return cluster;
  }

  boolean requestComplete() {
    return requestComplete;
  }

  /** Whether the downstream may be read: the body can flow, or only the request's end is left. */
  boolean wantsRequestData() {
    Channel ch = upstreamChannel();
    return requestComplete || (ch != null && ch.isWritable());
  }

  void onRequestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestComplete = true;
      startTimer();
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

  /** The route timeout runs from the end of the request (and the fault delay) on. */
  private void startTimer() {
    if (started && requestComplete && timeoutNanos > 0 && timer == null) { // 0: no timeout
      timer = schedule(this::onTimeout, timeoutNanos);
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
    relay.flush();
  }

  void onAttemptWritabilityChanged() {
    owner.updateReading();
  }

  /** A response head or body part of the current attempt. */
  void onAttemptResponse(Attempt a, HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      int grpcStatus = RetryRules.grpcStatus(response.headers());
      accounting.outcome(a, response.status().code(), null);
      boolean retriable = retry.retries(response.status().code(), grpcStatus);
      if (retriable && retryAfter(a)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      boolean full = msg instanceof HttpContent;
      if (!full && grpcStatus < 0 && RetryRules.isGrpc(response.headers()) && mayStillRetry()) {
        relay.hold(msg); // the status comes in the trailers: wait for them
        return;
      }
      commit(response, retriable);
      if (!full) {
        return;
      }
    }
    HttpContent content = (HttpContent) msg;
    if (relay.holding()) {
      heldPart(a, content);
    } else if (content instanceof LastHttpContent) {
      completeResponse(a, relay.complete(content));
    } else {
      relay.write(content);
    }
  }

  private void heldPart(Attempt a, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    relay.hold(content);
    boolean retriable = false;
    if (last) {
      int grpcStatus = RetryRules.grpcStatus(((LastHttpContent) content).trailingHeaders());
      retriable = grpcStatus >= 0 && retry.retries(200, grpcStatus);
      if (retriable && retryAfter(a)) {
        relay.dropHeld();
        return;
      }
    } else if (relay.heldBytes() <= RequestBody.LIMIT_BYTES) {
      return;
    }
    retry.succeeded(cluster.stats(), retriable); // too big to hold, or no retry: relay what is held
    body.stopKeeping(upstreamChannel() != null);
    ChannelFuture end = relay.releaseHeld(owner.keepAlive() && requestComplete);
    if (end != null) {
      completeResponse(a, end);
    }
  }

  /** An attempt's upstream TLS failed: the access log's {@code upstream_transport_failure_reason}. */
  void transportFailed(String reason) {
    log.upstreamTransportFailureReason(reason);
  }

  /**
   * The current attempt failed without a response to relay: replay the request on a fresh
   * connection (keep-alive race), retry after a backoff, or answer locally.
   */
  void onAttemptFailed(Attempt a, Failure failure, String reason) {
    if (failure == Failure.PER_TRY_TIMEOUT) {
      cluster.stats().timeouts().increment();
    }
    accounting.outcome(a, failure.status().code(), failure);
    if (relay.committed()) {
      log.flag(failure.flag());
      done = true;
      cleanUp();
      owner.resetDownstream();
      return;
    }
    relay.dropHeld();
    if ((failure == Failure.RESET || failure == Failure.REFUSED_STREAM) && a.reused()
        && body.replayable() && retry.takeRaceRetry()) {
      startAttempt(a.endpoint(), true); // the keep-alive race, or a refused stream: no real retry
      return;
    }
    if (retry.retries(failure) && retryAfter(a)) {
      return;
    }
    log.flag(failure.flag());
    finishLocally(failure.status(), failure.text(reason));
  }

  /** Whether a retriable outcome of {@code a} may still be retried (then it is scheduled). */
  private boolean retryAfter(Attempt a) {
    if (!body.replayable() || !retry.takeRetry(cluster.stats(), cluster.breakers(), log)) {
      return false;
    }
    a.close();
    attempt = null;
    owner.updateReading();
    pending = schedule(this::retryNow, retry.backoffNanos());
    return true;
  }

  private boolean mayStillRetry() {
    return body.replayable() && retry.mayRetryOnTrailers();
  }

  private void retryNow() {
    pending = null;
    if (done) {
      return;
    }
    int endpoint = retry.pickEndpoint(cluster);
    if (endpoint < 0) {
      cluster.stats().noHealthyUpstream().increment();
      log.flag(ResponseFlag.UH);
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
    UpstreamKey key = cluster.endpoints().key(endpoint);
    log.attempt(key.authority(), System.nanoTime());
    Attempt a = new Attempt(this, endpoint, key, pool, perTry);
    attempt = a;
    a.start(fresh);
  }

  /** Starts relaying {@code response}; {@code retriable}: it is a failure the policy retries. */
  private void commit(HttpResponse response, boolean retriable) {
    body.stopKeeping(upstreamChannel() != null);
    retry.succeeded(cluster.stats(), retriable);
    relay.commit(response, owner.keepAlive() && requestComplete);
  }

  private void completeResponse(Attempt a, ChannelFuture written) {
    done = true;
    cancelTimers();
    accounting.releasePermits();
    attempt = null;
    a.release(relay.upstreamKeepAlive() && requestComplete);
    owner.exchangeFinished(written, relay.downstreamKeepAlive());
  }

  private void onTimeout() {
    timer = null;
    if (done) {
      return;
    }
    cluster.stats().timeouts().increment();
    log.flag(ResponseFlag.UT);
    Attempt a = attempt;
    if (a != null) {
      accounting.outcome(a, 504, Failure.PER_TRY_TIMEOUT); // a timeout for the try too
    }
    if (relay.committed()) {
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
    accounting.releasePermits();
    body.release();
    relay.dropHeld();
    Attempt a = attempt;
    attempt = null;
    if (a != null) {
      accounting.abandoned(a); // e.g. the client left: the try ends without a result to count
      a.close();
    }
  }

  private @Nullable Channel upstreamChannel() {
    Attempt a = attempt;
    return a == null ? null : a.channel();
  }

  private void cancelTimers() {
    for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {timer, pending}) {
      if (t != null) {
        t.cancel(false);
      }
    }
    timer = null;
    pending = null;
  }
}
