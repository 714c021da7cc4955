package io.meshbridge.proxy.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class UpstreamHandlerTest {

  private final UpstreamHandler handler = new UpstreamHandler(new UpstreamKey("c", "10.0.0.1", 80));
  private final EmbeddedChannel ch = new EmbeddedChannel(handler);
  private final Recorder recorder = new Recorder();

  @Test
  void deliversToTheBoundListener() {
    handler.bind(recorder);
    HttpContent part = new DefaultHttpContent(Unpooled.copiedBuffer(new byte[] {1}));
    ch.writeInbound(part);
    assertThat(recorder.events).containsExactly("read", "readComplete");
    assertThat(part.refCnt()).isEqualTo(1); // the listener owns it now
    part.release();
    ch.finishAndReleaseAll();
    assertThat(recorder.events).endsWith("closed:null");
  }

  @Test
  void dataWhileIdleClosesTheConnectionAndIsReleased() {
    ByteBuf stray = Unpooled.copiedBuffer(new byte[] {1, 2});
    ch.writeInbound(stray);
    assertThat(stray.refCnt()).isZero();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aFailureClosesAndIsReportedOnce() {
    handler.bind(recorder);
    ch.pipeline().fireExceptionCaught(new IOException("reset"));
    ch.runPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    assertThat(recorder.events).containsExactly("closed:reset");
  }

  @Test
  void unboundListenersHearNothing() {
    handler.bind(recorder);
    handler.unbind();
    ch.close();
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void oneRequestAtATime() {
    handler.bind(recorder);
    assertThatThrownBy(() -> handler.bind(new Recorder())).hasMessageContaining("already in use");
    ch.finishAndReleaseAll();
  }

  private static final class Recorder implements UpstreamListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onResponse(HttpObject msg) {
      events.add("read");
    }

    @Override
    public void onResponseReadComplete() {
      events.add("readComplete");
    }

    @Override
    public void onUpstreamWritabilityChanged() {
      events.add("writability");
    }

    @Override
    public void onUpstreamClosed(@Nullable Throwable cause) {
      events.add("closed:" + (cause == null ? null : cause.getMessage()));
    }
  }
}
