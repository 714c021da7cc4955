package io.meshbridge.proxy.dataplane.h2;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Sends {@code te: trailers} on every HTTP/2 upstream request: the one TE value HTTP/2 allows,
 * which gRPC servers expect and the hop-by-hop rules strip from what the client sent.
 */
@Sharable
final class TeTrailers extends ChannelOutboundHandlerAdapter {

  static final TeTrailers INSTANCE = new TeTrailers();

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpRequest request) {
      request.headers().set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
    }
    ctx.write(msg, promise);
  }
}
