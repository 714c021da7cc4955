package io.meshbridge.proxy.dataplane.h2;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Turns the {@link FullHttpRequest} that {@code Http2StreamFrameToHttpObjectCodec} makes of a
 * request that ends with its HEADERS frame into a head and a last content, the shape {@code
 * HttpServerCodec} produces and the request handler expects. Stateless.
 */
@Sharable
final class SplitFullRequests extends MessageToMessageDecoder<HttpObject> {

  static final SplitFullRequests INSTANCE = new SplitFullRequests();

  private SplitFullRequests() {
    super(HttpObject.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) {
    if (msg instanceof FullHttpRequest full) {
      out.add(new DefaultHttpRequest(
          full.protocolVersion(), full.method(), full.uri(), full.headers()));
      out.add(new DefaultLastHttpContent(full.content().retain(), full.trailingHeaders()));
      return; // the decoder releases full; its content lives on, retained, in the last part
    }
    out.add(ReferenceCountUtil.retain(msg));
  }
}
