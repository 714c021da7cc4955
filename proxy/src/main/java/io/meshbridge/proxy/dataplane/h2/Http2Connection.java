package io.meshbridge.proxy.dataplane.h2;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.dataplane.upstream.UpstreamHandler;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One multiplexed HTTP/2 connection to an upstream endpoint, on one event loop. Opens streams
 * whose pipelines look like an HTTP/1.1 upstream connection (HTTP objects, an {@link
 * UpstreamHandler} last). Stops taking streams after GOAWAY, after {@code
 * max_requests_per_connection} streams, or when its endpoint leaves the config; closes when such a
 * connection has no stream left, or after {@code idle_timeout} without streams.
 */
final class Http2Connection {

  private final UpstreamKey key;
  private final ChannelFuture connect;
  private final HttpProtocolOptions options;
  private final long idleTimeoutNanos;
  private int opened;
  private int active;
  private boolean draining;
  private @Nullable ScheduledFuture<?> idleClose;

  Http2Connection(
      UpstreamKey key, ChannelFuture connect, HttpProtocolOptions options, long idleTimeoutNanos) {
    this.key = requireNonNull(key, "key");
    this.connect = requireNonNull(connect, "connect");
    this.options = requireNonNull(options, "options");
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  Channel channel() {
    return connect.channel();
  }

  ChannelFuture connectFuture() {
    return connect;
  }

  /** Whether a new stream may go on this connection. */
  boolean takesStreams() {
    Channel ch = channel();
    if (draining || !ch.isOpen()) {
      return false;
    }
    if (!connect.isDone()) {
      return true; // streams wait for the connection
    }
    Http2FrameCodec codec = ch.pipeline().get(Http2FrameCodec.class);
    return ch.isActive() && codec != null && codec.connection().local().canOpenStream()
        && !codec.connection().goAwayReceived();
  }

  /** No new streams; closes once the open ones are done. */
  void drain() {
    draining = true;
    if (active == 0) {
      channel().close();
    }
  }

  /** Opens a stream once connected; {@code promise} then reports its channel. */
  void openStream(StreamPromise promise) {
    opened++;
    active++;
    cancelIdleClose();
    int max = options.maxRequestsPerConnection();
    if (max > 0 && opened >= max) {
      draining = true; // this stream is the last one
    }
    if (connect.isDone()) {
      open(promise);
    } else {
      connect.addListener(f -> open(promise));
    }
  }

  private void open(StreamPromise promise) {
    if (!connect.isSuccess()) {
      streamDone();
      promise.setFailure(connect.cause());
      return;
    }
    new Http2StreamChannelBootstrap(channel())
        .handler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream
                    .pipeline()
                    .addLast(
                        new Http2StreamFrameToHttpObjectCodec(false),
                        SplitFullRequests.INSTANCE,
                        TeTrailers.INSTANCE,
                        RefusedStreams.INSTANCE,
                        new UpstreamHandler(key));
              }
            })
        .open()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                streamDone();
                promise.setFailure(f.cause());
                return;
              }
              Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
              stream.closeFuture().addListener(c -> streamDone());
              promise.succeed(stream);
            });
  }

  private void streamDone() {
    active--;
    if (active > 0) {
      return;
    }
    Channel ch = channel();
    if (draining || (connect.isDone() && !connect.isSuccess())) {
      ch.close();
      return;
    }
    idleClose =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (active == 0) {
                    ch.close();
                  }
                },
                idleTimeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancelIdleClose() {
    ScheduledFuture<?> t = idleClose;
    idleClose = null;
    if (t != null) {
      t.cancel(false);
    }
  }

  UpstreamKey key() {
    return key;
  }
}
