package io.meshbridge.proxy.dataplane.upstream;

import io.netty.channel.ChannelFuture;
import java.time.Duration;

/**
 * Opens upstream connections on the calling event loop. A connected channel's pipeline ends with an
 * {@link UpstreamHandler} for {@code key}. Behind an interface so pools are testable without
 * sockets.
 */
public interface UpstreamConnector {

  ChannelFuture connect(UpstreamKey key, Duration connectTimeout);
}
