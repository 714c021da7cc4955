package io.meshbridge.proxy.dataplane.h2;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;

/**
 * In an upstream stream's pipeline: a stream the upstream refused, by RST_STREAM REFUSED_STREAM or
 * by a GOAWAY whose last stream id is below it (Netty's multiplexer hands such streams the GOAWAY
 * as a user event), fails with {@link RefusedStreamException}, so the attempt ends as Envoy's
 * {@code refused-stream} (the upstream never processed it) rather than as a reset.
 */
@Sharable
final class RefusedStreams extends ChannelInboundHandlerAdapter {

  static final RefusedStreams INSTANCE = new RefusedStreams();

  private RefusedStreams() {}

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2GoAwayFrame goAway) {
      int last = goAway.lastStreamId();
      goAway.release(); // the multiplexer's duplicate for this stream; nothing after us needs it
      ctx.fireExceptionCaught(new RefusedStreamException("GOAWAY with last stream id " + last));
      return;
    }
    if (evt instanceof Http2ResetFrame reset
        && reset.errorCode() == Http2Error.REFUSED_STREAM.code()) {
      ctx.fireExceptionCaught(new RefusedStreamException("RST_STREAM REFUSED_STREAM"));
    }
    ctx.fireUserEventTriggered(evt);
  }
}
