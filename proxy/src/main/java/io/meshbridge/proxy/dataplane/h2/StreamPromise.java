package io.meshbridge.proxy.dataplane.h2;

import io.netty.channel.Channel;
import io.netty.channel.DefaultChannelPromise;
import org.jspecify.annotations.Nullable;

/**
 * A promise for an upstream stream that does not exist yet: made on the connection, it reports
 * the stream channel as its {@link #channel} once {@link #succeed} hands it over, so callers of
 * {@code UpstreamPool#connect} treat a stream like an HTTP/1.1 connection. Event loop only.
 */
final class StreamPromise extends DefaultChannelPromise {

  private @Nullable Channel stream;

  StreamPromise(Channel connection) {
    super(connection, connection.eventLoop());
  }

  void succeed(Channel opened) {
    stream = opened;
    setSuccess();
  }

  @Override
  public Channel channel() {
    Channel s = stream;
    return s == null ? super.channel() : s;
  }
}
