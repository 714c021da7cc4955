package io.meshbridge.proxy.dataplane.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Responses the proxy makes itself (no route, no upstream, timeouts, ...): short plain text. */
public final class LocalReplies {

  private LocalReplies() {}

  /**
   * A complete {@code text/plain} response with {@code Connection} set for {@code keepAlive} as a
   * client speaking {@code clientVersion} expects.
   */
  public static FullHttpResponse text(
      ByteBufAllocator alloc,
      HttpResponseStatus status,
      String text,
      boolean keepAlive,
      HttpVersion clientVersion) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(alloc, text));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    setConnection(response.headers(), keepAlive, clientVersion);
    return response;
  }

  /** Sets {@code Connection} for the client: close, or keep-alive spelled out for HTTP/1.0. */
  static void setConnection(HttpHeaders headers, boolean keepAlive, HttpVersion client) {
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!client.isKeepAliveDefault()) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }
}
