package io.meshbridge.proxy.dataplane.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.accesslog.AccessLog;
import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.tls.ClientCertHeader;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.route.RequestTarget;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One downstream HTTP/1.1 connection, after {@code HttpServerCodec}. Serves one request at a time:
 * objects of a pipelined next request wait in a queue with reading paused. Each request reads the
 * config snapshot once, is routed, and is either answered locally or handed to an {@link Exchange}.
 * Reading is also paused while the upstream cannot take more of the request body.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

  private final String listenerName;
  private final Supplier<Snapshot> snapshots;
  private final Worker worker;
  private final long upstreamTimeoutNanos;
  private final BooleanSupplier listenerDraining;

  private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>();
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable ListenerState connectionListener;
  private @Nullable Exchange exchange;
  private @Nullable RequestLog requestLog;
  private HttpVersion clientVersion = HttpVersion.HTTP_1_1;
  private boolean keepAlive;
  private boolean expectContinue;
  private boolean discarding;
  private boolean draining;
  private boolean closing;
  private boolean processing;

  /**
   * @param listenerName the listener whose config (route table, stats) requests use
   * @param listenerDraining whether the socket that accepted this connection is draining
   */
  public DownstreamHandler(
      String listenerName,
      Supplier<Snapshot> snapshots,
      Worker worker,
      long upstreamTimeoutNanos,
      BooleanSupplier listenerDraining) {
    this.listenerName = requireNonNull(listenerName, "listenerName");
    this.snapshots = requireNonNull(snapshots, "snapshots");
    this.worker = requireNonNull(worker, "worker");
    this.upstreamTimeoutNanos = upstreamTimeoutNanos;
    this.listenerDraining = requireNonNull(listenerDraining, "listenerDraining");
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ListenerState state = snapshots.get().listeners().get(listenerName);
    if (state == null || listenerDraining.getAsBoolean()) {
      closing = true;
      ctx.close();
      return;
    }
    connectionListener = state;
    state.stats().activeConnections().increment();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    releaseInbound();
    Exchange e = exchange;
    exchange = null;
    if (e != null) {
      e.abort();
      RequestLog log = requestLog;
      if (log != null) {
        log.flag(ResponseFlag.DC);
      }
      logRequest();
    }
    if (connectionListener != null) {
      connectionListener.stats().activeConnections().decrement();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    inbound.add((HttpObject) msg);
    processInbound();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    if (e != null) {
      e.flushUpstream();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    if (e != null) {
      e.onDownstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt != DrainEvent.INSTANCE) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    draining = true;
    if (exchange == null && !discarding && !closing) {
      closeNow();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("Downstream connection {} failed", ctx.channel(), cause);
    } else {
      log.warn("Downstream connection {} failed", ctx.channel(), cause);
    }
    closeNow();
  }

  /** Whether the current request's connection may be kept after its response. */
  boolean keepAlive() {
    return keepAlive && !draining;
  }

  /** Pauses reading unless the current state can take what arrives next. */
  void updateReading() {
    Exchange e = exchange;
    boolean read = !closing && inbound.isEmpty() && (e == null || e.wantsRequestData());
    context().channel().config().setAutoRead(read);
  }

  /** The exchange relayed a whole response, the last part written by {@code lastWrite}. */
  void exchangeFinished(ChannelFuture lastWrite, boolean keepConnection) {
    exchange = null;
    logRequest();
    if (!keepConnection || draining) {
      closeAfter(lastWrite);
      return;
    }
    processInbound();
  }

  /** Answers the current request locally; the rest of its body, if any, is read and dropped. */
  void replyLocally(HttpResponseStatus status, String text, boolean requestComplete) {
    replyLocally(status, text, requestComplete, h -> {});
  }

  /** {@link #replyLocally}, with the response headers passed to {@code edit} before writing. */
  void replyLocally(
      HttpResponseStatus status,
      String text,
      boolean requestComplete,
      Consumer<HttpHeaders> edit) {
    exchange = null;
    ChannelHandlerContext c = context();
    boolean keep = keepAlive() && (requestComplete || !expectContinue);
    FullHttpResponse response = LocalReplies.text(c.alloc(), status, text, keep, clientVersion);
    edit.accept(response.headers());
    RequestLog log = requestLog;
    if (log != null) {
      log.responseCode(status.code());
      log.sent(response.content().readableBytes());
    }
    ChannelFuture written = c.writeAndFlush(response);
    logRequest();
    if (!keep) {
      closeAfter(written);
      return;
    }
    discarding = !requestComplete;
    processInbound();
  }

  /** The response broke off midway: the client can only learn it from the connection closing. */
  void resetDownstream() {
    exchange = null;
    logRequest();
    closeNow();
  }

  private void processInbound() {
    if (processing) {
      return; // an outer call is looping already
    }
    processing = true;
    try {
      HttpObject next;
      while (!closing && (next = inbound.peek()) != null && canTake(next)) {
        inbound.poll();
        handle(next);
      }
    } finally {
      processing = false;
    }
    if (!closing) {
      updateReading();
    }
  }

  /** A request head waits for the previous exchange; body parts of the current one never wait. */
  private boolean canTake(HttpObject next) {
    Exchange e = exchange;
    return e == null || (!e.requestComplete() && !(next instanceof HttpRequest));
  }

  private void handle(HttpObject msg) {
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      keepAlive = false;
      if (exchange == null && !discarding) {
        requestLog = BadRequests.log(msg, clientVersion);
        replyLocally(HttpResponseStatus.BAD_REQUEST, "bad request", true);
        return;
      }
      Exchange e = exchange; // a broken body: nothing sensible to answer mid-request
      exchange = null;
      if (e != null) {
        e.abort();
      }
      closeNow();
      return;
    }
    if (msg instanceof HttpRequest request) {
      startRequest(request);
      return;
    }
    HttpContent content = (HttpContent) msg;
    RequestLog log = requestLog;
    if (log != null) {
      log.received(content.content().readableBytes());
    }
    Exchange e = exchange;
    if (e != null) {
      e.onRequestContent(content);
      return;
    }
    content.release();
    if (discarding && content instanceof LastHttpContent) {
      discarding = false;
      if (draining) {
        closeNow();
      }
    }
  }

  private void startRequest(HttpRequest request) {
    clientVersion = request.protocolVersion();
    keepAlive = HttpUtil.isKeepAlive(request);
    expectContinue = HttpUtil.is100ContinueExpected(request);
    Snapshot snapshot = snapshots.get();
    ListenerState listener =
        snapshot.listeners().getOrDefault(listenerName, requireNonNull(connectionListener));
    listener.stats().requests().increment();
    String authority = RequestTarget.authority(request.uri());
    String host = authority != null ? authority : request.headers().get(HttpHeaderNames.HOST, "");
    String path = RequestTarget.originForm(request.uri());
    RequestLog log =
        new RequestLog(
            Instant.now(), System.nanoTime(), request.method().name(), host, path,
            request.protocolVersion().text());
    requestLog = log;
    DownstreamPeer peer = DownstreamPeer.of(context().channel());
    log.peer(peer);
    ClientCertHeader.apply(request.headers(), listener.config().transport(), peer);
    RequestView view = new RequestView(request.method().name(), host, path, request.headers());
    RequestDispatcher.dispatch(this, request, snapshot, listener, view, log);
  }

  /** Sends {@code request} upstream on {@code route}, its first try to {@code endpoint}. */
  void forward(
      HttpRequest request, RequestRouter.Forward route, int endpoint, RetryState retry,
      RequestLog log, FilterPlan fault) {
    ChannelHandlerContext c = context();
    Exchange.RequestInfo info =
        new Exchange.RequestInfo(
            clientVersion,
            HttpMethod.HEAD.equals(request.method()),
            retry.idempotent());
    ClusterState cluster = route.cluster();
    UpstreamKey key = cluster.endpoints().key(endpoint);
    ProxyHeaders.toUpstream(request, clientIp(c.channel().remoteAddress()), key.authority());
    RouteHeaders.toUpstream(request, route.match(), route.action());
    if (expectContinue) {
      c.writeAndFlush(
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    Duration timeout = route.action().timeout();
    long timeoutNanos = timeout == null ? upstreamTimeoutNanos : timeout.toNanos();
    Exchange e =
        new Exchange(
            this, c, request, info, new Exchange.Target(cluster, endpoint, route.match()),
            retry, log, worker.pool(), timeoutNanos);
    exchange = e;
    e.start(fault, mirrors(request, fault, timeoutNanos));
  }

  /** Copies of the (rewritten) request for the mirror clusters the filters drew. */
  private List<Mirror> mirrors(HttpRequest request, FilterPlan plan, long timeoutNanos) {
    return plan.mirrors().stream()
        .map(c -> new Mirror(request, c, worker.pool(), timeoutNanos, context().executor()))
        .toList();
  }

  /** Writes the current request's access log line (once). */
  private void logRequest() {
    RequestLog log = requestLog;
    requestLog = null;
    if (log != null) {
      AccessLog.write(log, System.nanoTime());
    }
  }

  private void closeAfter(ChannelFuture lastWrite) {
    closing = true;
    releaseInbound();
    lastWrite.addListener(ChannelFutureListener.CLOSE);
  }

  private void closeNow() {
    closing = true;
    releaseInbound();
    context().close();
  }

  private void releaseInbound() {
    HttpObject msg;
    while ((msg = inbound.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  ChannelHandlerContext context() {
    return requireNonNull(ctx, "ctx");
  }

  static @Nullable String clientIp(@Nullable SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : null;
  }
}
