package io.meshbridge.proxy.dataplane.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class RelayTest {

  private final LongAdder read = new LongAdder();
  private final Relay relay = new Relay(read);
  private final EmbeddedChannel self = new EmbeddedChannel(relay);
  private final EmbeddedChannel peer = new EmbeddedChannel();

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String text(ByteBuf b) {
    try {
      return b.toString(StandardCharsets.US_ASCII);
    } finally {
      b.release();
    }
  }

  @Test
  void queuesWhatArrivesBeforeThePeerThenSendsItFirst() {
    self.config().setAutoRead(false);
    self.writeInbound(bytes("client"), bytes("hello"));
    assertThat(peer.outboundMessages()).isEmpty();

    relay.connect(self, peer);
    self.writeInbound(bytes("!"));

    assertThat(text(peer.readOutbound())).isEqualTo("client");
    assertThat(text(peer.readOutbound())).isEqualTo("hello");
    assertThat(text(peer.readOutbound())).isEqualTo("!");
    assertThat(self.config().isAutoRead()).isTrue();
    assertThat(read.sum()).isEqualTo(12);
  }

  @Test
  void stopsReadingWhileThePeerIsNotWritableAndResumesWhenItDrains() {
    // The slow side's own Relay is the one told when it drains.
    Relay back = new Relay(new LongAdder());
    EmbeddedChannel slow = new EmbeddedChannel(back);
    slow.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4, 8));
    relay.connect(self, slow);
    back.connect(slow, self);

    // Unflushed bytes above the high water mark: slow is not writable, self stops reading.
    self.pipeline().fireChannelRead(bytes("0123456789"));
    assertThat(slow.isWritable()).isFalse();
    assertThat(self.config().isAutoRead()).isFalse();

    self.pipeline().fireChannelReadComplete(); // flushes: slow drains, self reads again
    assertThat(slow.isWritable()).isTrue();
    assertThat(self.config().isAutoRead()).isTrue();
    assertThat(text(slow.readOutbound())).isEqualTo("0123456789");
    slow.finishAndReleaseAll();
  }

  @Test
  void closingOneSideClosesThePeerAndReleasesWhatWasQueued() {
    self.writeInbound(bytes("never sent"));
    self.close();
    assertThat(self.isOpen()).isFalse();

    Relay other = new Relay(new LongAdder());
    EmbeddedChannel a = new EmbeddedChannel(other);
    other.connect(a, peer);
    a.close();
    assertThat(peer.isOpen()).as("closed after flushing").isFalse();
  }
}
