package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.upstream.UpstreamConnector;
import io.meshbridge.proxy.dataplane.upstream.UpstreamHandler;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.net.ConnectException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Upstream "connections" that are {@link EmbeddedChannel}s with the real upstream pipeline. */
final class FakeConnector implements UpstreamConnector {

  final List<EmbeddedChannel> channels = new ArrayList<>();
  final List<UpstreamKey> keys = new ArrayList<>();
  final List<ChannelPromise> pending = new ArrayList<>();

  /** When set, connects fail with this. */
  Throwable failure;

  /** Connects to these endpoints fail with a refused connection. */
  final Set<UpstreamKey> refused = new HashSet<>();

  /** When set, connects stay pending until the test completes them via {@link #pending}. */
  boolean deferred;

  @Override
  public ChannelFuture connect(UpstreamKey key, Duration connectTimeout) {
    keys.add(key);
    EmbeddedChannel ch = new EmbeddedChannel(new HttpClientCodec(), new UpstreamHandler(key));
    if (failure != null || refused.contains(key)) {
      ch.close();
      return ch.newFailedFuture(
          failure != null ? failure : new ConnectException("Connection refused: " + key));
    }
    channels.add(ch);
    if (deferred) {
      ChannelPromise p = ch.newPromise();
      pending.add(p);
      return p;
    }
    return ch.newSucceededFuture();
  }

  EmbeddedChannel last() {
    return channels.get(channels.size() - 1);
  }
}
