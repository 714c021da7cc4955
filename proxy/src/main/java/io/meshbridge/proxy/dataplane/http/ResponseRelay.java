package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The downstream side of one exchange's response: commits the response head that goes to the
 * client (from then on no retry is possible), streams its body, and can hold a gRPC response back
 * until its trailers are known. Counts what it sends in the request log.
 */
final class ResponseRelay {

  private final ChannelHandlerContext downstream;
  private final Exchange.RequestInfo info;
  private final RouteTable.Match route;
  private final RequestLog log;
  private final HeldResponse held = new HeldResponse();
  private boolean committed;
  private boolean upstreamKeepAlive;
  private boolean downstreamKeepAlive;
  private Consumer<HttpHeaders> extraHeaders = h -> {};

  ResponseRelay(
      ChannelHandlerContext downstream,
      Exchange.RequestInfo info,
      RouteTable.Match route,
      RequestLog log) {
    this.downstream = downstream;
    this.info = info;
    this.route = route;
    this.log = log;
  }

  /** Headers added to the relayed response head (CORS, a hash_policy cookie), in call order. */
  void addToResponse(Consumer<HttpHeaders> headers) {
    extraHeaders = extraHeaders.andThen(headers);
  }

  /** Whether a response head went (or is going) downstream. */
  boolean committed() {
    return committed;
  }

  boolean holding() {
    return held.holding();
  }

  void hold(HttpObject part) {
    held.hold(part);
  }

  long heldBytes() {
    return held.bytes();
  }

  void dropHeld() {
    held.release();
  }

  /**
   * Starts relaying {@code response}.
   *
   * @param keepAliveWanted whether the client and the proxy want the connection kept
   */
  void commit(HttpResponse response, boolean keepAliveWanted) {
    committed = true;
    log.responseCode(response.status().code());
    log.upstreamResponded(System.nanoTime());
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    downstreamKeepAlive =
        ProxyHeaders.toDownstream(response, info.clientVersion(), info.head(), keepAliveWanted);
    RouteHeaders.toResponse(response.headers(), route);
    extraHeaders.accept(response.headers());
    downstream.write(response, downstream.voidPromise());
  }

  void write(HttpContent part) {
    log.sent(part.content().readableBytes());
    downstream.write(part, downstream.voidPromise());
  }

  /** Writes the last part and flushes; the returned future completes when it is written. */
  ChannelFuture complete(HttpContent last) {
    log.sent(last.content().readableBytes());
    return downstream.writeAndFlush(last);
  }

  /**
   * Relays what is held, in order (committing its head): the write of the last part when the
   * held response was complete, else null (the rest streams as usual).
   */
  @Nullable ChannelFuture releaseHeld(boolean keepAliveWanted) {
    ChannelFuture end = null;
    HttpObject next;
    while ((next = held.poll()) != null) {
      if (next instanceof HttpResponse response) {
        commit(response, keepAliveWanted);
      }
      if (next instanceof LastHttpContent last) {
        end = complete(last);
      } else if (next instanceof HttpContent part) {
        write(part);
      }
    }
    held.release();
    return end;
  }

  void flush() {
    downstream.flush();
  }

  boolean upstreamKeepAlive() {
    return upstreamKeepAlive;
  }

  boolean downstreamKeepAlive() {
    return downstreamKeepAlive;
  }
}
