package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a listening socket: runs the data plane's accept hook on each accepted connection before the
 * listener sets it up (see {@link NettyDataPlane#onAccept}).
 */
@ChannelHandler.Sharable
final class AcceptHook extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AcceptHook.class);

  private final Supplier<Consumer<Channel>> hook;

  AcceptHook(Supplier<Consumer<Channel>> hook) {
    this.hook = requireNonNull(hook, "hook");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child) {
      try {
        hook.get().accept(child);
      } catch (RuntimeException e) {
        log.warn("accept hook failed for {}", child, e);
      }
    }
    ctx.fireChannelRead(msg);
  }
}
