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
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 (h2c, prior knowledge) connection of the open-loop generator: request {@code k} is
 * sent on a new stream at {@code first + k * interval} whatever is still in flight, so the load
 * never waits for the server (no coordinated omission to correct); latency counts from that due
 * time to the whole response. Behind it in the pipeline, Netty's {@code HttpToHttp2ConnectionHandler}
 * turns requests into streams and responses back into {@link FullHttpResponse}s tagged with their
 * stream id.
 */
final class OpenLoopH2Connection extends SimpleChannelInboundHandler<FullHttpResponse> {

  private final long first;
  private final long interval;
  private final long end;
  private final String path;
  private final String hostHeader;
  private final LatencySink sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  // Touched only on the channel's event loop.
  private long next;
  /** Client streams are odd; with prior knowledge the first is 1. */
  private int nextStreamId = 1;
  /** Due time of each stream still waiting for its response. */
  private final Map<Integer, Long> dueByStream = new HashMap<>();
  private boolean allSent;

  OpenLoopH2Connection(
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
    sendDue(ctx);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    long now = System.nanoTime();
    Integer stream = response.headers().getInt(ExtensionHeaderNames.STREAM_ID.text());
    Long due = stream == null ? null : dueByStream.remove(stream);
    if (due == null) {
      System.err.println("connection " + ctx.channel() + ": response on unknown stream " + stream);
      return;
    }
    sink.response(due, now, response.status().code());
    finishIfDone(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dueByStream.values().forEach(sink::failure);
    dueByStream.clear();
    sink.unsent(first + next * interval, interval, end);
    done.complete(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    System.err.println("connection " + ctx.channel() + ": " + cause);
    ctx.close();
  }

  /** Sends every request due by now, then schedules itself for the next one. */
  private void sendDue(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long due = first + next * interval;
    while (due < end && due <= System.nanoTime()) {
      send(ctx, due);
      next++;
      due = first + next * interval;
    }
    if (due >= end) {
      allSent = true;
      finishIfDone(ctx);
      return;
    }
    ctx.executor().schedule(() -> sendDue(ctx), due - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  private void send(ChannelHandlerContext ctx, long due) {
    int stream = nextStreamId;
    nextStreamId += 2;
    dueByStream.put(stream, due);
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
    request.headers().set(HttpHeaderNames.HOST, hostHeader);
    request.headers().set(ExtensionHeaderNames.SCHEME.text(), "http");
    request.headers().setInt(ExtensionHeaderNames.STREAM_ID.text(), stream);
    ctx.writeAndFlush(request, ctx.voidPromise());
  }

  private void finishIfDone(ChannelHandlerContext ctx) {
    if (allSent && dueByStream.isEmpty()) {
      done.complete(null);
      ctx.close();
    }
  }
}
