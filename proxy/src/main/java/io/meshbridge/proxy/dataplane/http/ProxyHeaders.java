package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.route.RequestTarget;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites message heads as they cross the proxy. Both methods edit the decoded message in place
 * (the proxy owns it) rather than copying headers.
 */
public final class ProxyHeaders {

  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");

  private ProxyHeaders() {}

  /**
   * Turns a downstream request into the upstream one: HTTP/1.1, origin-form target, hop-by-hop
   * headers and {@code Expect} gone (the proxy answers 100-continue itself), Host kept (or taken
   * from an absolute-form target, or {@code defaultHost} when missing), {@code x-forwarded-for}
   * appended with {@code clientIp} and {@code x-forwarded-proto: http}.
   */
  public static void toUpstream(
      HttpRequest request, @Nullable String clientIp, String defaultHost) {
    HttpHeaders h = request.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    HopByHopHeaders.strip(h);
    h.remove(HttpHeaderNames.EXPECT);
    if (chunked) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    String authority = RequestTarget.authority(request.uri());
    if (authority != null) {
      h.set(HttpHeaderNames.HOST, authority);
    } else if (!h.contains(HttpHeaderNames.HOST)) {
      h.set(HttpHeaderNames.HOST, defaultHost);
    }
    if (clientIp != null) {
      List<String> earlier = h.getAll(X_FORWARDED_FOR);
      h.set(
          X_FORWARDED_FOR,
          earlier.isEmpty() ? clientIp : String.join(", ", earlier) + ", " + clientIp);
    }
    h.set(X_FORWARDED_PROTO, "http");
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    request.setUri(RequestTarget.originForm(request.uri()));
  }

  /**
   * Turns an upstream response head into the downstream one and decides whether the downstream
   * connection stays open. A body without a length is re-chunked for an HTTP/1.1 client and
   * delimited by closing the connection for an HTTP/1.0 one.
   *
   * @param keepAliveWanted whether the client and the proxy want the connection kept
   * @return whether the downstream connection stays open after this response
   */
  public static boolean toDownstream(
      HttpResponse response,
      HttpVersion clientVersion,
      boolean headRequest,
      boolean keepAliveWanted) {
    int code = response.status().code();
    boolean framed =
        headRequest || code == 204 || code == 304 || HttpUtil.isContentLengthSet(response);
    HttpHeaders h = response.headers();
    HopByHopHeaders.strip(h);
    boolean rechunk = !framed && clientVersion.isKeepAliveDefault();
    if (rechunk) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    boolean keepAlive = keepAliveWanted && (framed || rechunk);
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    LocalReplies.setConnection(h, keepAlive, clientVersion);
    return keepAlive;
  }
}
