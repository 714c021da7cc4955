package io.meshbridge.proxy.dataplane.tcp;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.testing.EchoServer;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import io.meshbridge.proxy.testing.TestTls;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TLS passthrough: real JDK TLS clients through the proxy's TLS inspector to two TLS echo servers,
 * chosen by SNI. The handshake is end to end (the client checks the backend's certificate).
 */
@ExtendWith(LeakCheck.class)
class TlsPassthroughIT {

  private final SSLContext tls = TestTls.context();
  private final EchoServer a = EchoServer.startTls(tls);
  private final EchoServer b = EchoServer.startTls(tls);
  private final ProxyFixture fixture = new ProxyFixture();
  private int port;

  @BeforeEach
  void start() {
    fixture.apply(config()
        .listener(ListenerConfig.tcp("tls", "127.0.0.1", 0, true, List.of(
            new TcpChain(List.of("a.example.com", "*.example.org"),
                TcpProxyConfig.single("tls_a", "a")),
            new TcpChain(List.of("b.example.com"), TcpProxyConfig.single("tls_b", "b")))))
        .cluster("a", endpoint("127.0.0.1", a.port()))
        .cluster("b", endpoint("127.0.0.1", b.port()))
        .build());
    port = fixture.port("tls");
  }

  @AfterEach
  void stop() {
    fixture.close();
    a.close();
    b.close();
  }

  @Test
  void eachServerNameReachesItsBackend() throws IOException {
    try (SSLSocket s = TestTls.connect(tls, port, "a.example.com")) {
      assertThat(TcpProxyIT.echo(s, "to a")).isEqualTo("to a");
    }
    try (SSLSocket s = TestTls.connect(tls, port, "b.example.com")) {
      assertThat(TcpProxyIT.echo(s, "to b")).isEqualTo("to b");
    }
    try (SSLSocket s = TestTls.connect(tls, port, "x.example.org")) {
      assertThat(TcpProxyIT.echo(s, "wildcard")).isEqualTo("wildcard");
    }
    assertThat(a.accepted()).isEqualTo(2);
    assertThat(b.accepted()).isEqualTo(1);
  }

  @Test
  void aLargeExchangeAfterTheHandshakeIsRelayed() throws IOException {
    byte[] big = new byte[1024 * 1024];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    try (SSLSocket s = TestTls.connect(tls, port, "b.example.com")) {
      Thread writer = new Thread(() -> {
        try {
          s.getOutputStream().write(big);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      writer.start();
      assertThat(s.getInputStream().readNBytes(big.length)).isEqualTo(big);
    }
  }

  @Test
  void anUnknownServerNameIsClosedWithoutReachingABackend() throws IOException {
    assertThatClosed(() -> TestTls.connect(tls, port, "c.example.com"));
    await().untilAsserted(() -> assertThat(fixture.stats())
        .contains("tcp_no_route_total{stat_prefix=\"tls_a\"} 1"));
    assertThat(a.accepted() + b.accepted()).isZero();
  }

  @Test
  void bytesThatAreNotTlsAreClosed() throws IOException {
    try (Socket s = TcpProxyIT.connect(port)) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(a.accepted() + b.accepted()).isZero();
  }

  private interface Connect {
    SSLSocket run() throws IOException;
  }

  private static void assertThatClosed(Connect connect) {
    try (SSLSocket s = connect.run()) {
      throw new AssertionError("handshake succeeded: " + s.getSession());
    } catch (IOException expected) {
      // the proxy closed the connection during the handshake
    }
  }
}
