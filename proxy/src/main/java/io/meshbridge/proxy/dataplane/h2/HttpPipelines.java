package io.meshbridge.proxy.dataplane.h2;

import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.dataplane.http.DrainEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The downstream HTTP pipelines. HTTP/1.1: the codec and one request handler per connection.
 * HTTP/2: the frame codec and a multiplexer whose stream channels each get {@link
 * Http2StreamFrameToHttpObjectCodec} and their own request handler, so routing, retries and
 * everything else per request is the HTTP/1.1 code. A drain sends GOAWAY and lets the open
 * streams finish.
 */
public final class HttpPipelines {

  private HttpPipelines() {}

  /**
   * Sets up {@code ch} for {@code codec}; {@code requestHandler} makes the handler that serves
   * requests (one per connection for HTTP/1.1, one per stream for HTTP/2). With {@link
   * HttpCodec#AUTO} the choice waits for the first bytes.
   */
  public static void init(Channel ch, HttpCodec codec, Supplier<ChannelHandler> requestHandler) {
    switch (codec) {
      case HTTP1 -> ch.pipeline().addLast(new HttpServerCodec(), requestHandler.get());
      case HTTP2 -> addHttp2(ch.pipeline(), null, requestHandler);
      case AUTO -> ch.pipeline().addLast(new PrefaceDetector(requestHandler));
    }
  }

  /** Adds HTTP/1.1 after {@code after} (or last when null). */
  static void addHttp1(
      ChannelPipeline p, @Nullable String after,
      Supplier<ChannelHandler> requestHandler) {
    ChannelHandler codec = new HttpServerCodec();
    ChannelHandler handler = requestHandler.get();
    if (after == null) {
      p.addLast(codec, handler);
    } else {
      p.addAfter(after, "http1-codec", codec);
      p.addAfter("http1-codec", "http1-handler", handler);
    }
  }

  /** Adds HTTP/2 after {@code after} (or last when null). */
  static void addHttp2(
      ChannelPipeline p, @Nullable String after,
      Supplier<ChannelHandler> requestHandler) {
    ChannelHandler drain = new GoAwayOnDrain();
    ChannelHandler codec = Http2FrameCodecBuilder.forServer().build();
    ChannelHandler mux =
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream
                    .pipeline()
                    .addLast(
                        new Http2StreamFrameToHttpObjectCodec(true),
                        SplitFullRequests.INSTANCE,
                        requestHandler.get());
              }
            });
    if (after == null) {
      p.addLast(drain, codec, mux);
    } else {
      p.addAfter(after, "h2-drain", drain);
      p.addAfter("h2-drain", "h2-codec", codec);
      p.addAfter("h2-codec", "h2-mux", mux);
    }
  }

  /** On a listener drain, closes the connection through the codec: GOAWAY, streams finish. */
  static final class GoAwayOnDrain extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == DrainEvent.INSTANCE) {
        ctx.channel().close(); // from the tail, so Http2FrameCodec shuts down gracefully
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
