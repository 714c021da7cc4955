package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;

/** The access log line of a request the HTTP decoder could not read (Envoy's flag {@code DPE}). */
final class BadRequests {

  private BadRequests() {}

  /**
   * A log for {@code failed}, a message whose decoder result is a failure: its method, Host and
   * target as far as they were read ({@code -} when nothing was), flagged {@code DPE}.
   */
  static RequestLog log(HttpObject failed, HttpVersion version) {
    HttpRequest request = failed instanceof HttpRequest r ? r : null;
    RequestLog log = new RequestLog(
        Instant.now(), System.nanoTime(),
        request == null ? "-" : request.method().name(),
        request == null ? "" : request.headers().get(HttpHeaderNames.HOST, ""),
        request == null ? "-" : request.uri(),
        version.text());
    log.flag(ResponseFlag.DPE);
    return log;
  }
}
