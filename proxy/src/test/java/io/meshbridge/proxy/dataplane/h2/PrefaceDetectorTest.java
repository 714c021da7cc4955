package io.meshbridge.proxy.dataplane.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class PrefaceDetectorTest {

  private final List<Object> seen = new ArrayList<>();
  private int active;

  /** Stands in for DownstreamHandler: records activation and what it reads. */
  private final class Recorder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      active++;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      seen.add(msg instanceof HttpRequest r ? r.method() + " " + r.uri() : msg.getClass());
      ReferenceCountUtil.release(msg);
    }
  }

  private EmbeddedChannel auto() {
    EmbeddedChannel ch = new EmbeddedChannel();
    HttpPipelines.init(ch, HttpCodec.AUTO, Recorder::new);
    return ch;
  }

  @Test
  void http1RequestsGetTheHttp1CodecEvenWhenShort() {
    EmbeddedChannel ch = auto();
    assertThat(active).as("held back until the protocol is known").isZero();
    ch.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.0\r\n\r\n", StandardCharsets.US_ASCII));

    assertThat(ch.pipeline().get(HttpServerCodec.class)).isNotNull();
    assertThat(ch.pipeline().get(PrefaceDetector.class)).isNull();
    assertThat(active).isEqualTo(1);
    assertThat(seen).contains("GET /a");
    ch.finishAndReleaseAll();
  }

  @Test
  void thePrefaceInPiecesGetsHttp2() {
    EmbeddedChannel ch = auto();
    byte[] preface = new byte[Http2CodecUtil.connectionPrefaceBuf().readableBytes()];
    Http2CodecUtil.connectionPrefaceBuf().getBytes(0, preface);
    ch.writeInbound(Unpooled.wrappedBuffer(preface, 0, 5));
    assertThat(ch.pipeline().get(PrefaceDetector.class)).as("still undecided").isNotNull();

    ch.writeInbound(Unpooled.wrappedBuffer(preface, 5, preface.length - 5));

    assertThat(ch.pipeline().get(Http2FrameCodec.class)).isNotNull();
    assertThat(ch.pipeline().get(Http2MultiplexHandler.class)).isNotNull();
    assertThat(ch.pipeline().get(HttpServerCodec.class)).isNull();
    assertThat(ch.isOpen()).as("the codec accepted the preface").isTrue();
    ch.finishAndReleaseAll();
  }
}
