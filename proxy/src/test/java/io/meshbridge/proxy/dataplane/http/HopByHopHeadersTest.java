package io.meshbridge.proxy.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

  @Test
  void stripsHopByHopHeadersAndThoseConnectionNames() {
    HttpHeaders h =
        new DefaultHttpHeaders()
            .add("Connection", "keep-alive, X-Private")
            .add("Connection", "x-other")
            .add("Keep-Alive", "timeout=5")
            .add("Proxy-Connection", "keep-alive")
            .add("TE", "trailers")
            .add("Trailer", "x-checksum")
            .add("Upgrade", "websocket")
            .add("Transfer-Encoding", "chunked")
            .add("X-Private", "secret")
            .add("X-Other", "1")
            .add("X-Kept", "yes")
            .add("Host", "a.mesh");
    HopByHopHeaders.strip(h);
    assertThat(h.names()).containsExactlyInAnyOrder("X-Kept", "Host");
  }

  @Test
  void neverStripsFramingOrHostEvenWhenConnectionNamesThem() {
    HttpHeaders h =
        new DefaultHttpHeaders()
            .add("Connection", "content-length, host")
            .add("Content-Length", "3")
            .add("Host", "a.mesh");
    HopByHopHeaders.strip(h);
    assertThat(h.get("content-length")).isEqualTo("3");
    assertThat(h.get("host")).isEqualTo("a.mesh");
  }
}
