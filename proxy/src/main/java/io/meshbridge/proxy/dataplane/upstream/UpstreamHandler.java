package io.meshbridge.proxy.dataplane.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upstream connection (after {@code HttpClientCodec}): forwards what the
 * connection does to the request currently bound to it. While the connection sits idle in a pool,
 * anything the upstream sends is unexpected and closes the connection.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(UpstreamHandler.class);

  private final UpstreamKey key;
  private @Nullable Channel channel;
  private @Nullable UpstreamListener listener;
  private @Nullable ScheduledFuture<?> idleCheck;
  private long idleSince = -1; // event loop ticker nanos when last pooled; -1 while in use
  private @Nullable Throwable failure;
  private int requests; // bound so far, for max_requests_per_connection

  public UpstreamHandler(UpstreamKey key) {
    this.key = requireNonNull(key, "key");
  }

  public UpstreamKey key() {
    return key;
  }

  public Channel channel() {
    Channel ch = channel;
    if (ch == null) {
      throw new IllegalStateException("not added to a pipeline: " + key);
    }
    return ch;
  }

  /** Binds the connection to one request until {@link #unbind()}. */
  public void bind(UpstreamListener l) {
    if (listener != null) {
      throw new IllegalStateException("upstream connection " + key + " is already in use");
    }
    listener = requireNonNull(l, "listener");
    requests++;
  }

  /** How many requests this connection has carried (including the current one). */
  public int requests() {
    return requests;
  }

  public void unbind() {
    listener = null;
  }

  /**
   * The connection is pooled as of now and closes once it has stayed so for {@code timeoutNanos}.
   * One check per connection, rescheduled lazily as Netty's {@code IdleStateHandler} does, rather
   * than a timer scheduled and cancelled for every request (3.5 % of the proxy's CPU samples under
   * load, see BENCHMARKS.md).
   */
  void pooled(long timeoutNanos) {
    Channel ch = channel();
    idleSince = ch.eventLoop().ticker().nanoTime();
    if (idleCheck == null) {
      scheduleIdleCheck(ch, timeoutNanos, timeoutNanos);
    }
  }

  /** The connection left the pool for a request. */
  void inUse() {
    idleSince = -1;
  }

  private void scheduleIdleCheck(Channel ch, long delayNanos, long timeoutNanos) {
    idleCheck =
        ch.eventLoop()
            .schedule(() -> checkIdle(ch, timeoutNanos), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkIdle(Channel ch, long timeoutNanos) {
    idleCheck = null;
    if (idleSince < 0 || !ch.isOpen()) {
      return; // in use: the next pooled() schedules a check again
    }
    long idleFor = ch.eventLoop().ticker().nanoTime() - idleSince;
    if (idleFor >= timeoutNanos) {
      ch.close();
    } else {
      scheduleIdleCheck(ch, timeoutNanos - idleFor, timeoutNanos);
    }
  }

  private void cancelIdleCheck() {
    ScheduledFuture<?> t = idleCheck;
    idleCheck = null;
    if (t != null) {
      t.cancel(false);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamListener l = listener;
    if (l != null && msg instanceof HttpObject) {
      l.onResponse((HttpObject) msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    log.debug("Closing upstream connection {}: unexpected {} while idle", key, msg.getClass());
    ctx.close();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    if (l != null) {
      l.onResponseReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    if (l != null) {
      l.onUpstreamWritabilityChanged();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    listener = null;
    cancelIdleCheck();
    if (l != null) {
      l.onUpstreamClosed(failure);
    }
  }

  /**
   * Closes the connection; the listener hears of it from {@link #channelInactive}, which Netty
   * always runs later, so a failed write never calls back into the code that wrote.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Upstream connection {} failed", key, cause);
    if (failure == null) {
      failure = cause;
    }
    ctx.close();
  }
}
