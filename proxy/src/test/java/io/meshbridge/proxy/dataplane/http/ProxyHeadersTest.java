package io.meshbridge.proxy.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

  @Test
  void upstreamRequestKeepsHostAndAddsForwardedHeaders() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/a?b");
    r.headers()
        .add("Host", "orders.mesh:8080")
        .add("Connection", "keep-alive")
        .add("X-Forwarded-For", "1.1.1.1")
        .add("X-Forwarded-Proto", "https")
        .add("Expect", "100-continue");
    ProxyHeaders.toUpstream(r, "10.0.0.7", "10.1.1.1:80");
    assertThat(r.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(r.uri()).isEqualTo("/a?b");
    assertThat(r.headers().get("host")).isEqualTo("orders.mesh:8080");
    assertThat(r.headers().get("x-forwarded-for")).isEqualTo("1.1.1.1, 10.0.0.7");
    assertThat(r.headers().get("x-forwarded-proto")).isEqualTo("http");
    assertThat(r.headers().contains("connection")).isFalse();
    assertThat(r.headers().contains("expect")).isFalse();
  }

  @Test
  void absoluteFormTargetBecomesOriginFormAndItsAuthorityTheHost() {
    HttpRequest r =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "http://b.mesh/x?y");
    r.headers().add("Host", "ignored");
    ProxyHeaders.toUpstream(r, null, "10.1.1.1:80");
    assertThat(r.uri()).isEqualTo("/x?y");
    assertThat(r.headers().get("host")).isEqualTo("b.mesh");
    assertThat(r.headers().contains("x-forwarded-for")).isFalse();
  }

  @Test
  void missingHostGetsTheEndpoint() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    ProxyHeaders.toUpstream(r, null, "10.1.1.1:80");
    assertThat(r.headers().get("host")).isEqualTo("10.1.1.1:80");
  }

  @Test
  void chunkedRequestStaysChunked() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    r.headers().add("Transfer-Encoding", "chunked").add("TE", "trailers");
    ProxyHeaders.toUpstream(r, null, "h:1");
    assertThat(r.headers().getAll("transfer-encoding")).containsExactly("chunked");
    assertThat(r.headers().contains("te")).isFalse();
  }

  @Test
  void responseWithLengthKeepsTheConnection() {
    HttpResponse r = response();
    r.headers().add("Content-Length", "5").add("Connection", "close").add("Keep-Alive", "x");
    assertThat(ProxyHeaders.toDownstream(r, HttpVersion.HTTP_1_1, false, true)).isTrue();
    assertThat(r.headers().contains("connection")).isFalse();
    assertThat(r.headers().contains("keep-alive")).isFalse();
  }

  @Test
  void unframedResponseIsRechunkedForHttp11() {
    HttpResponse r = response(); // close-delimited upstream body
    assertThat(ProxyHeaders.toDownstream(r, HttpVersion.HTTP_1_1, false, true)).isTrue();
    assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
  }

  @Test
  void unframedResponseClosesAnHttp10Connection() {
    HttpResponse r = response();
    r.headers().add("Transfer-Encoding", "chunked");
    assertThat(ProxyHeaders.toDownstream(r, HttpVersion.HTTP_1_0, false, true)).isFalse();
    assertThat(r.headers().contains("transfer-encoding")).isFalse();
    assertThat(r.headers().get("connection")).isEqualTo("close");
  }

  @Test
  void http10KeepAliveIsSpelledOut() {
    HttpResponse r = response();
    r.headers().add("Content-Length", "0");
    assertThat(ProxyHeaders.toDownstream(r, HttpVersion.HTTP_1_0, false, true)).isTrue();
    assertThat(r.headers().get("connection")).isEqualTo("keep-alive");
  }

  @Test
  void headResponsesNeedNoFraming() {
    HttpResponse r = response();
    assertThat(ProxyHeaders.toDownstream(r, HttpVersion.HTTP_1_1, true, true)).isTrue();
    assertThat(r.headers().contains("transfer-encoding")).isFalse();
  }

  @Test
  void closeWhenNotWanted() {
    HttpResponse r = response();
    r.headers().add("Content-Length", "0");
    assertThat(ProxyHeaders.toDownstream(r, HttpVersion.HTTP_1_1, false, false)).isFalse();
    assertThat(r.headers().get("connection")).isEqualTo("close");
  }

  private static HttpResponse response() {
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
  }
}
