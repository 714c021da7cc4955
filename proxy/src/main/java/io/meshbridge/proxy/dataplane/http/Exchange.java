package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;
import io.meshbridge.proxy.dataplane.upstream.UpstreamHandler;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.upstream.UpstreamListener;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream side of one proxied request: gets a connection (pooled or new), streams the request
 * to it and the response back, and ends in exactly one of: response relayed, local 503/504, or
 * downstream reset. Runs on the downstream connection's event loop, which is also the event loop of
 * every upstream connection it uses.
 */
final class Exchange implements UpstreamListener, UpstreamPool.Waiter {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  /** Request bytes kept for a retry on a reused connection; a bigger body is not retried. */
  static final int RETRY_BUFFER_BYTES = 64 * 1024;

  private final DownstreamHandler owner;
  private final ChannelHandlerContext downstream;
  private final HttpRequest request;
  private final RequestInfo info;
  private final ClusterState cluster;
  private final int endpoint;
  private final UpstreamKey key;
  private final RouteTable.Match route;
  private final UpstreamPool pool;
  private final long timeoutNanos;

  /** Body parts received before a connection was attached, or sent and kept for a retry. */
  private final List<HttpContent> body = new ArrayList<>(2);

  private @Nullable UpstreamHandler upstream;
  private @Nullable ScheduledFuture<?> timer;
  private boolean requestComplete;
  private boolean keepForRetry;
  private long keptBytes;
  private boolean retried;
  private boolean responseStarted;
  private boolean skippingInterim;
  private boolean upstreamKeepAlive;
  private boolean downstreamKeepAlive;
  private boolean done;
  // [proxy-cluster] circuit breakers and outlier detection
  private boolean holdsRequestPermit;
  private boolean waitingForConnection;
  /** The request hit a circuit breaker (access log flag {@code UO}). */
  private boolean overflow;
  private long startNanos;
  private @Nullable CharSequence extraHeaderName;
  private @Nullable String extraHeaderValue;

  /** What the exchange needs to know about the downstream request. */
  record RequestInfo(HttpVersion clientVersion, boolean head, boolean idempotent) {}

  /** Where the request goes: a cluster, the index of the endpoint picked, the route matched. */
  record Target(ClusterState cluster, int endpoint, RouteTable.Match route) {}

  Exchange(
      DownstreamHandler owner,
      ChannelHandlerContext downstream,
      HttpRequest upstreamRequest,
      RequestInfo info,
      Target target,
      UpstreamPool pool,
      long timeoutNanos) {
    this.owner = owner;
    this.downstream = downstream;
    this.request = upstreamRequest;
    this.info = info;
    this.cluster = target.cluster();
    this.endpoint = target.endpoint();
    this.key = cluster.endpoints().key(endpoint);
    this.route = target.route();
    this.pool = pool;
    this.timeoutNanos = timeoutNanos;
  }

  void start() {
    cluster.endpoints().started(endpoint);
    // [proxy-cluster] max_requests circuit breaker
    startNanos = System.nanoTime();
    if (!cluster.breakers().tryAcquireRequest()) {
      finishOverflow();
      return;
    }
    holdsRequestPermit = true;
    acquire(false);
  }

  /** [proxy-cluster] A header for the response, e.g. a hash_policy cookie to set. */
  void addResponseHeader(CharSequence name, String value) {
    extraHeaderName = name;
    extraHeaderValue = value;
  }

  /** Whether a circuit breaker refused this request ([proxy-cluster]; access log flag UO). */
  boolean overflow() {
    return overflow;
  }

  boolean requestComplete() {
    return requestComplete;
  }

  /**
   * Whether the downstream may be read: the body can flow, or only the end of the request remains.
   */
  boolean wantsRequestData() {
    UpstreamHandler u = upstream;
    return requestComplete || (u != null && u.channel().isWritable());
  }

  void onRequestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestComplete = true;
      if (timeoutNanos > 0) { // 0: the route has no timeout
        timer =
            downstream.executor().schedule(this::onTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
      }
    }
    UpstreamHandler u = upstream;
    if (u == null) {
      body.add(content);
    } else {
      send(u.channel(), content);
      if (last) {
        u.channel().flush();
      }
    }
  }

  void flushUpstream() {
    UpstreamHandler u = upstream;
    if (u != null) {
      u.channel().flush();
    }
  }

  void onDownstreamWritabilityChanged() {
    UpstreamHandler u = upstream;
    if (u != null) {
      u.channel().config().setAutoRead(downstream.channel().isWritable());
    }
  }

  /** The downstream connection is gone: drop everything, never pool the upstream connection. */
  void abort() {
    if (!done) {
      markDone();
      cleanUp();
    }
  }

  @Override
  public void onResponse(HttpObject msg) {
    if (done) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      onProtocolError(msg.decoderResult().cause());
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (isInterim(response)) {
        skippingInterim = true; // the proxy answered 100-continue itself
      } else {
        startResponse(response);
      }
    }
    if (msg instanceof HttpContent content) {
      boolean last = content instanceof LastHttpContent;
      if (skippingInterim) {
        content.release();
        skippingInterim = !last;
      } else if (last) {
        completeResponse(content);
      } else {
        downstream.write(content, downstream.voidPromise());
      }
    }
  }

  @Override
  public void onResponseReadComplete() {
    downstream.flush();
  }

  @Override
  public void onUpstreamWritabilityChanged() {
    owner.updateReading();
  }

  @Override
  public void onUpstreamClosed(@Nullable Throwable cause) {
    if (done) {
      return;
    }
    log.debug("Upstream {} closed before the response ended", key, cause);
    closeUpstream();
    if (responseStarted) {
      markDone();
      cleanUp();
      owner.resetDownstream();
    } else if (keepForRetry && requestComplete) {
      // The classic keep-alive race: a pooled connection closed as the request went out.
      keepForRetry = false;
      retried = true;
      acquire(true);
    } else {
      cluster.endpoints().report(endpoint, 503); // [proxy-cluster] outlier detection
      finishLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream reset before response");
    }
  }

  /** The upstream sent something that is not HTTP/1.1: never retried, bytes did arrive. */
  private void onProtocolError(Throwable cause) {
    log.debug("Upstream {} sent a malformed response", key, cause);
    closeUpstream();
    if (responseStarted) {
      markDone();
      cleanUp();
      owner.resetDownstream();
    } else {
      cluster.endpoints().report(endpoint, 503); // [proxy-cluster] outlier detection
      finishLocally(
          HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream reset before response: protocol error");
    }
  }

  private void acquire(boolean fresh) {
    UpstreamHandler idle = fresh ? null : pool.pollIdle(key);
    if (idle != null) {
      attach(idle, true);
      return;
    }
    // [proxy-cluster] max_pending_requests / max_connections circuit breakers
    waitingForConnection = true;
    if (!pool.acquire(
        key, cluster.config().connectTimeout(), cluster.stats(), cluster.breakers(), this)) {
      waitingForConnection = false;
      finishOverflow();
    }
  }

  @Override
  public void onConnection(UpstreamHandler h, boolean reused) {
    waitingForConnection = false;
    if (done) {
      pool.release(h, true); // unused, so still good for the next request
    } else {
      attach(h, reused);
    }
  }

  @Override
  public void onConnectFailure(@Nullable Throwable cause) {
    waitingForConnection = false;
    if (!done) {
      cluster.endpoints().connectFailed(endpoint); // [proxy-cluster] outlier detection
      finishLocally(
          HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream connect error: " + reason(cause));
    }
  }

  /** [proxy-cluster] A circuit breaker refused the request: Envoy's local 503. */
  private void finishOverflow() {
    overflow = true;
    finishLocally(
        HttpResponseStatus.valueOf(CircuitBreakers.OVERFLOW_STATUS), CircuitBreakers.OVERFLOW_TEXT);
  }

  private void attach(UpstreamHandler h, boolean reused) {
    upstream = h;
    h.bind(this);
    Channel ch = h.channel();
    ch.config().setAutoRead(downstream.channel().isWritable());
    keepForRetry = reused && info.idempotent() && !retried;
    keptBytes = 0;
    ch.write(request, ch.voidPromise());
    List<HttpContent> buffered = List.copyOf(body);
    body.clear();
    buffered.forEach(part -> send(ch, part));
    ch.flush();
    owner.updateReading();
  }

  /** Writes a body part; on a reused connection also keeps it, so the request can be retried. */
  private void send(Channel ch, HttpContent part) {
    HttpContent out = part;
    if (keepForRetry) {
      keptBytes += part.content().readableBytes();
      if (keptBytes > RETRY_BUFFER_BYTES) {
        releaseBody(); // too big to replay: no retry for this request
      } else {
        body.add(part);
        out = part.retainedDuplicate();
      }
    }
    ch.write(out, ch.voidPromise());
  }

  private void startResponse(HttpResponse response) {
    responseStarted = true;
    releaseBody();
    cluster.stats().response(response.status().code());
    // [proxy-cluster] outlier detection and PEAK_EWMA latency
    cluster.endpoints()
        .responded(endpoint, response.status().code(), System.nanoTime() - startNanos);
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    downstreamKeepAlive =
        ProxyHeaders.toDownstream(
            response, info.clientVersion(), info.head(), owner.keepAlive() && requestComplete);
    RouteHeaders.toResponse(response.headers(), route);
    if (extraHeaderName != null && extraHeaderValue != null) { // [proxy-cluster]
      response.headers().add(extraHeaderName, extraHeaderValue);
    }
    downstream.write(response, downstream.voidPromise());
  }

  private void completeResponse(HttpContent last) {
    markDone();
    cancelTimer();
    ChannelFuture written = downstream.writeAndFlush(last);
    UpstreamHandler u = upstream;
    upstream = null;
    if (u != null) {
      u.unbind();
      pool.release(u, upstreamKeepAlive && requestComplete);
    }
    owner.exchangeFinished(written, downstreamKeepAlive);
  }

  private void onTimeout() {
    if (done) {
      return;
    }
    cluster.stats().timeouts().increment();
    cluster.endpoints().report(endpoint, 504); // [proxy-cluster] outlier detection
    closeUpstream();
    if (responseStarted) {
      markDone();
      cleanUp();
      owner.resetDownstream();
    } else {
      finishLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout");
    }
  }

  private void finishLocally(HttpResponseStatus status, String text) {
    markDone();
    cluster.stats().response(status.code());
    cleanUp();
    owner.replyLocally(status, text, requestComplete);
  }

  /** Ends the exchange: exactly once, whichever way it ends. */
  private void markDone() {
    done = true;
    cluster.endpoints().finished(endpoint);
    // [proxy-cluster] return circuit breaker permits
    if (waitingForConnection) {
      waitingForConnection = false;
      pool.cancel(key, this);
    }
    if (holdsRequestPermit) {
      holdsRequestPermit = false;
      cluster.breakers().releaseRequest();
    }
  }

  private void cleanUp() {
    cancelTimer();
    releaseBody();
    closeUpstream();
  }

  private void closeUpstream() {
    UpstreamHandler u = upstream;
    upstream = null;
    if (u != null) {
      u.unbind();
      u.channel().close();
    }
  }

  private void releaseBody() {
    body.forEach(ReferenceCountUtil::release);
    body.clear();
    keepForRetry = false;
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    timer = null;
    if (t != null) {
      t.cancel(false);
    }
  }

  private static boolean isInterim(HttpResponse response) {
    return response.status().codeClass() == HttpStatusClass.INFORMATIONAL
        && response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
  }

  private static String reason(@Nullable Throwable cause) {
    if (cause == null) {
      return "unknown";
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
