package io.meshbridge.proxy.dataplane.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class RefusedStreamsTest {

  private final List<Throwable> failures = new ArrayList<>();
  private final List<Object> events = new ArrayList<>();
  private final EmbeddedChannel stream =
      new EmbeddedChannel(RefusedStreams.INSTANCE, new ChannelInboundHandlerAdapter() {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          failures.add(cause);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
          events.add(evt);
          ctx.fireUserEventTriggered(evt);
        }
      });

  @Test
  void aRefusedResetAndAGoAwayBelowTheStreamFailItAsRefused() {
    stream.pipeline().fireUserEventTriggered(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
    DefaultHttp2GoAwayFrame goAway =
        new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR, Unpooled.copiedBuffer(new byte[] {1}));
    stream.pipeline().fireUserEventTriggered(goAway);

    assertThat(failures).hasSize(2).allSatisfy(f ->
        assertThat(f).isInstanceOf(RefusedStreamException.class));
    assertThat(failures.get(0)).hasMessage("upstream refused the stream: RST_STREAM REFUSED_STREAM");
    assertThat(events).as("the reset passed on, the GOAWAY consumed").hasSize(1);
    assertThat(goAway.refCnt()).as("released").isZero();
  }

  @Test
  void anyOtherResetIsNotARefusal() {
    stream.pipeline().fireUserEventTriggered(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
    assertThat(failures).isEmpty();
    assertThat(events).hasSize(1);
  }
}
