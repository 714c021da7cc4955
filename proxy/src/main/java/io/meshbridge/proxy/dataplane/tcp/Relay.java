package io.meshbridge.proxy.dataplane.tcp;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Relays the bytes one channel reads to its peer, one direction of a TCP proxy (the peer's Relay
 * does the other). Backpressure as Netty's HexDumpProxy, per direction: while the peer cannot take
 * more ({@code !isWritable}) this channel stops reading, and reads again when the peer drains. A
 * read EOF (half-close) shuts the peer's output down after what was written before it; a channel
 * with both directions shut, or closed, closes its peer once flushed. What is read before the peer
 * is {@link #connect connected} waits in a queue (this channel does not read meanwhile, except
 * bytes already buffered, e.g. a ClientHello). Both channels share one event loop.
 */
final class Relay extends ChannelInboundHandlerAdapter {

  private final LongAdder bytesRead;
  private final LongAdder connectionBytesRead;
  private final Queue<Object> pending = new ArrayDeque<>();
  private @Nullable Channel peer;
  private boolean inputEnded;

  /** @param bytesRead counts what this channel reads */
  Relay(LongAdder bytesRead) {
    this(bytesRead, new LongAdder());
  }

  /** @param connectionBytesRead counts it too, for this connection's log line */
  Relay(LongAdder bytesRead, LongAdder connectionBytesRead) {
    this.bytesRead = requireNonNull(bytesRead, "bytesRead");
    this.connectionBytesRead = requireNonNull(connectionBytesRead, "connectionBytesRead");
  }

  /** Starts relaying to {@code connected}: what is queued first. Call on the event loop. */
  void connect(Channel self, Channel connected) {
    peer = connected;
    for (Object msg = pending.poll(); msg != null; msg = pending.poll()) {
      connected.write(msg, connected.voidPromise());
    }
    connected.flush();
    if (inputEnded) {
      shutdownPeerOutput(self, connected);
    } else {
      self.config().setAutoRead(true);
      self.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      bytesRead.add(buf.readableBytes());
      connectionBytesRead.add(buf.readableBytes());
    }
    Channel to = peer;
    if (to == null) {
      pending.add(msg);
      return;
    }
    if (!to.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    to.write(msg, to.voidPromise());
    if (!to.isWritable()) {
      ctx.channel().config().setAutoRead(false); // the peer's Relay turns it back on
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Channel to = peer;
    if (to != null) {
      to.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel from = peer;
    if (from != null && ctx.channel().isWritable()) {
      from.config().setAutoRead(true); // we drained: let the peer read again
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      Channel to = peer;
      if (to != null) {
        shutdownPeerOutput(ctx.channel(), to);
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    Channel to = peer;
    if (to != null) {
      closeOnFlush(to);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by either side is ordinary for a byte relay; the peer is closed by channelInactive.
    ctx.close();
  }

  /** EOF from {@code self}: the peer gets it after every byte written before. */
  private static void shutdownPeerOutput(Channel self, Channel to) {
    to.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!(to instanceof DuplexChannel duplex) || !f.isSuccess()) {
                    to.close();
                    return;
                  }
                  duplex
                      .shutdownOutput()
                      .addListener(
                          (ChannelFutureListener)
                              done -> {
                                // Both directions over: nothing more to relay.
                                if (!done.isSuccess() || duplex.isInputShutdown()) {
                                  to.close();
                                  self.close();
                                }
                              });
                });
  }

  static void closeOnFlush(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void release() {
    for (Object msg = pending.poll(); msg != null; msg = pending.poll()) {
      ReferenceCountUtil.release(msg);
    }
  }
}
