package io.meshbridge.proxy.dataplane.h2;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Turns the {@link FullHttpRequest} (or, upstream, {@link FullHttpResponse}) that {@code
 * Http2StreamFrameToHttpObjectCodec} makes of a message that ends with its HEADERS frame (e.g. a
 * gRPC trailers-only response) into a head and a last content, the shape the HTTP/1.1 codecs
 * produce and the request handling expects. A gRPC trailers-only response's {@code grpc-status},
 * {@code grpc-message} and {@code grpc-status-details-bin} move to the trailers, so the client
 * still finds them where gRPC looks once the head is sent on its own. Stateless.
 */
@Sharable
final class SplitFullRequests extends MessageToMessageDecoder<HttpObject> {

  static final SplitFullRequests INSTANCE = new SplitFullRequests();

  private static final String GRPC_STATUS = "grpc-status";
  private static final List<String> GRPC_TRAILERS =
      List.of(GRPC_STATUS, "grpc-message", "grpc-status-details-bin");

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
    if (msg instanceof FullHttpResponse full) {
      HttpHeaders trailers = full.trailingHeaders();
      if (trailers.isEmpty() && full.headers().contains(GRPC_STATUS)) {
        // gRPC trailers-only: the status goes on as trailers, after a head without it.
        for (String name : GRPC_TRAILERS) {
          String value = full.headers().get(name);
          if (value != null) {
            trailers.set(name, value);
            full.headers().remove(name);
          }
        }
      }
      out.add(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()));
      out.add(new DefaultLastHttpContent(full.content().retain(), trailers));
      return;
    }
    out.add(ReferenceCountUtil.retain(msg));
  }
}
