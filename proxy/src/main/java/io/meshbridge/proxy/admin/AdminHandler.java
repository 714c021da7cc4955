package io.meshbridge.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.route.RequestTarget;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves admin requests on one connection. Endpoints render on {@code offload} (a config dump can
 * be large); responses are written back on the event loop in request order, even when pipelined.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminEndpoints endpoints;
  private final Executor offload;

  /** The previous response of this connection; touched only on the event loop. */
  private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);

  AdminHandler(AdminEndpoints endpoints, Executor offload) {
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.offload = requireNonNull(offload, "offload");
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    CompletableFuture<AdminResponse> response;
    AdminEndpoints.Endpoint endpoint = AdminEndpoints.find(RequestTarget.path(request.uri()));
    if (request.decoderResult().isFailure()) {
      response = now(AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "bad request"));
    } else if (endpoint == null) {
      response = now(AdminResponse.text(HttpResponseStatus.NOT_FOUND, "not found"));
    } else if (!HttpMethod.GET.equals(request.method())) {
      response = now(AdminResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET"));
    } else {
      response = previous.thenApplyAsync(x -> render(endpoint), offload);
    }
    previous =
        response
            .thenAcceptAsync(r -> write(ctx, r, keepAlive), ctx.executor())
            .exceptionally(
                e -> {
                  log.warn("Admin response failed on {}", ctx.channel(), e);
                  ctx.close();
                  return null;
                });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Admin connection {} failed", ctx.channel(), cause);
    ctx.close();
  }

  private CompletableFuture<AdminResponse> now(AdminResponse r) {
    return previous.thenApply(x -> r);
  }

  private AdminResponse render(AdminEndpoints.Endpoint endpoint) {
    try {
      return endpoints.render(endpoint);
    } catch (RuntimeException e) {
      log.warn("Admin endpoint {} failed", endpoint, e);
      return AdminResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "error: " + e);
    }
  }

  private static void write(ChannelHandlerContext ctx, AdminResponse r, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      return;
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, r.status(), ByteBufUtil.writeUtf8(ctx.alloc(), r.body()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (r.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture f = ctx.writeAndFlush(response);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
