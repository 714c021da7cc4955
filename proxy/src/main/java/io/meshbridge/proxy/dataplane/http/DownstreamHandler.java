package io.meshbridge.proxy.dataplane.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.lb.RequestHash;
import io.meshbridge.proxy.dataplane.route.RequestTarget;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.channel.Channel;
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
import java.util.ArrayDeque;
import java.util.Set;
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
  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.TRACE);

  private final String listenerName;
  private final Supplier<Snapshot> snapshots;
  private final Worker worker;
  private final long upstreamTimeoutNanos;
  private final BooleanSupplier listenerDraining;

  private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>();
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable ListenerState connectionListener;
  private @Nullable Exchange exchange;
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
    ChannelFuture written = c.writeAndFlush(response);
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
    RequestView view =
        new RequestView(
            request.method().name(),
            host,
            RequestTarget.originForm(request.uri()),
            request.headers());
    RequestRouter.Decision decision = RequestRouter.route(snapshot, listener, view);
    if (decision instanceof RequestRouter.NoRoute noRoute) {
      listener.stats().noRoute().increment();
      replyLocally(HttpResponseStatus.NOT_FOUND, noRoute.text(), false);
      return;
    }
    if (decision instanceof RequestRouter.NoCluster noCluster) {
      replyLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, noCluster.text(), false);
      return;
    }
    if (decision instanceof RequestRouter.Reply reply) {
      RouteTable.Match m = reply.match();
      replyLocally(
          HttpResponseStatus.valueOf(reply.status()),
          reply.body(),
          false,
          h -> {
            if (!reply.location().isEmpty()) {
              h.set(HttpHeaderNames.LOCATION, reply.location());
            }
            RouteHeaders.toResponse(h, m);
          });
      return;
    }
    RequestRouter.Forward forward = (RequestRouter.Forward) decision;
    ClusterState cluster = forward.cluster();
    // [proxy-cluster] route hash_policy for RING_HASH / MAGLEV clusters
    RequestHash.Result hash = requestHash(forward.action(), request, view);
    int endpoint = cluster.endpoints().pick(hash.hash());
    if (endpoint < 0) {
      cluster.stats().noHealthyUpstream().increment();
      replyLocally(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "no healthy upstream for cluster '" + cluster.name() + "'",
          false);
      return;
    }
    forward(request, forward, endpoint, hash.setCookie());
  }

  /** [proxy-cluster] The request's hash (and a generated cookie) from the route's hash_policy. */
  private RequestHash.Result requestHash(
      io.meshbridge.proxy.config.RouteAction.Forward action,
      HttpRequest request,
      RequestView view) {
    if (action.hashPolicies().isEmpty()) {
      return RequestHash.Result.NONE;
    }
    Channel ch = context().channel();
    return RequestHash.compute(
        action.hashPolicies(),
        request.headers(),
        view.target(),
        clientIp(ch.remoteAddress()),
        String.valueOf(ch.remoteAddress()) + ch.localAddress());
  }

  private void forward(
      HttpRequest request, RequestRouter.Forward route, int endpoint, @Nullable String setCookie) {
    ChannelHandlerContext c = context();
    Exchange.RequestInfo info =
        new Exchange.RequestInfo(
            clientVersion,
            HttpMethod.HEAD.equals(request.method()),
            IDEMPOTENT.contains(request.method()));
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
            worker.pool(), timeoutNanos);
    exchange = e;
    if (setCookie != null) { // [proxy-cluster] hash_policy cookie with a ttl
      e.addResponseHeader(HttpHeaderNames.SET_COOKIE, setCookie);
    }
    e.start();
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

  private ChannelHandlerContext context() {
    return requireNonNull(ctx, "ctx");
  }

  private static @Nullable String clientIp(@Nullable SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : null;
  }
}
