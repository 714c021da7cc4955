package io.meshbridge.proxy.dataplane.h2;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;
import java.util.function.Supplier;

/**
 * codec_type AUTO: reads until the first bytes either are the HTTP/2 connection preface (h2c by
 * prior knowledge) or cannot be, then installs that protocol's pipeline and steps aside; the bytes
 * read go on to it. The channel-active event is held back until then, so the request handler sees
 * it as on any connection.
 */
final class PrefaceDetector extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final Supplier<ChannelHandler> requestHandler;

  PrefaceDetector(Supplier<ChannelHandler> requestHandler) {
    this.requestHandler = requireNonNull(requestHandler, "requestHandler");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // Held back: fired to the chosen pipeline once it exists.
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
    if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n)) {
      HttpPipelines.addHttp1(ctx.pipeline(), ctx.name(), requestHandler);
    } else if (n == PREFACE.readableBytes()) {
      HttpPipelines.addHttp2(ctx.pipeline(), ctx.name(), requestHandler);
    } else {
      return; // a prefix of the preface so far
    }
    ctx.fireChannelActive();
    ctx.pipeline().remove(this); // what was read goes on to the new pipeline
  }
}
