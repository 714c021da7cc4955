package io.meshbridge.bench.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection of the open-loop generator: request {@code k} is due at {@code first +
 * k * interval}; it is sent then, or as soon as the previous response arrives if that is later.
 * Latency counts from the due time, so waiting for a slow response is part of it.
 */
final class OpenLoopConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

  private final long first;
  private final long interval;
  private final long end;
  private final String path;
  private final String hostHeader;
  private final LatencySink sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  // Touched only on the channel's event loop.
  private long next;
  private long inFlightDue = -1;

  OpenLoopConnection(
      long firstNanos,
      long intervalNanos,
      long endNanos,
      String path,
      String hostHeader,
      LatencySink sink) {
    this.first = firstNanos;
    this.interval = intervalNanos;
    this.end = endNanos;
    this.path = path;
    this.hostHeader = hostHeader;
    this.sink = sink;
  }

  /** Completes once every request due before the end has been answered, or the connection died. */
  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    scheduleNext(ctx);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    long now = System.nanoTime();
    if (inFlightDue >= 0) {
      sink.response(inFlightDue, now, response.status().code());
      inFlightDue = -1;
    }
    scheduleNext(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (inFlightDue >= 0) {
      sink.failure(inFlightDue);
      inFlightDue = -1;
    }
    sink.unsent(first + next * interval, interval, end);
    done.complete(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    System.err.println("connection " + ctx.channel() + ": " + cause);
    ctx.close();
  }

  private void scheduleNext(ChannelHandlerContext ctx) {
    long due = first + next * interval;
    if (due >= end) {
      done.complete(null);
      ctx.close();
      return;
    }
    long delay = due - System.nanoTime();
    if (delay > 0) {
      ctx.executor().schedule(() -> send(ctx, due), delay, TimeUnit.NANOSECONDS);
    } else {
      send(ctx, due);
    }
  }

  private void send(ChannelHandlerContext ctx, long due) {
    if (!ctx.channel().isActive()) {
      return;
    }
    next++;
    inFlightDue = due;
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
    request.headers().set(HttpHeaderNames.HOST, hostHeader);
    ctx.writeAndFlush(request, ctx.voidPromise());
  }
}
