package io.meshbridge.proxy.dataplane.upstream;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Connects {@link EmbeddedChannel}s with frozen time; refuses while {@link #fail} is set. */
final class EmbeddedConnector implements UpstreamConnector {

  private final List<EmbeddedChannel> channels = new ArrayList<>();
  boolean fail;

  @Override
  public ChannelFuture connect(UpstreamKey key, Duration timeout) {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamHandler(key));
    ch.freezeTime();
    if (fail) {
      ch.close();
      return ch.newFailedFuture(new ConnectException("Connection refused"));
    }
    channels.add(ch);
    return ch.newSucceededFuture();
  }

  /** Closes every channel it made, including any a close made a waiter open. */
  void closeAll() {
    while (!channels.isEmpty()) {
      channels.remove(0).finishAndReleaseAll();
    }
  }
}
