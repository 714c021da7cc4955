package io.meshbridge.proxy.dataplane.tcp;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import io.meshbridge.proxy.config.TcpProxyConfig.WeightedCluster;
import io.meshbridge.proxy.testing.EchoServer;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** tcp_proxy listeners relaying to real TCP echo servers on loopback. */
@ExtendWith(LeakCheck.class)
class TcpProxyIT {

  private final EchoServer a = EchoServer.start();
  private final EchoServer b = EchoServer.start();
  private final ProxyFixture fixture = new ProxyFixture();

  @AfterEach
  void stop() {
    fixture.close();
    a.close();
    b.close();
  }

  private static ProxyConfig tcp(TcpProxyConfig proxy, int aPort, int bPort) {
    return config()
        .listener(ListenerConfig.tcp("tcp", "127.0.0.1", 0, false, List.of(TcpChain.any(proxy))))
        .cluster("a", endpoint("127.0.0.1", aPort))
        .cluster("b", endpoint("127.0.0.1", bPort))
        .build();
  }

  private static TcpProxyConfig split(int weightA, int weightB) {
    return new TcpProxyConfig(
        "tcp_in", List.of(new WeightedCluster("a", weightA), new WeightedCluster("b", weightB)));
  }

  @Test
  void weightsSplitConnectionsNinetyTen() throws IOException {
    fixture.apply(tcp(split(90, 10), a.port(), b.port()));
    int port = fixture.port("tcp");
    int n = 400;
    for (int i = 0; i < n; i++) {
      try (Socket s = connect(port)) {
        assertThat(echo(s, "ping " + i)).isEqualTo("ping " + i);
      }
    }
    // Binomial(400, 0.9): mean 360, standard deviation 6; ±5 sd fails by chance ~1 in 3.5 million.
    assertThat(a.accepted()).isBetween(330, 390);
    assertThat(a.accepted() + b.accepted()).isEqualTo(n);
    await().untilAsserted(() -> assertThat(fixture.stats())
        .contains("tcp_downstream_cx_total{stat_prefix=\"tcp_in\"} 400")
        .contains("tcp_downstream_cx_active{stat_prefix=\"tcp_in\"} 0")
        .contains("upstream_cx_active{cluster=\"a\"} 0"));
  }

  @Test
  void severalMebibytesComeBackIntactAndHalfCloseReachesBothEnds() throws Exception {
    fixture.apply(tcp(TcpProxyConfig.single("tcp_in", "a"), a.port(), b.port()));
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    try (Socket s = connect(fixture.port("tcp"))) {
      // Write everything, then half-close: the echo must still come back in full, then EOF.
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          for (int off = 0; off < payload.length; off += 100_000) {
            out.write(payload, off, Math.min(100_000, payload.length - off));
          }
          out.flush();
          s.shutdownOutput();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      byte[] echoed = s.getInputStream().readAllBytes(); // returns on EOF from the proxy
      writer.get(30, TimeUnit.SECONDS);
      assertThat(echoed.length).isEqualTo(payload.length);
      assertThat(echoed).isEqualTo(payload);
    }
    await().untilAsserted(() -> assertThat(fixture.stats())
        .contains("tcp_downstream_cx_rx_bytes_total{stat_prefix=\"tcp_in\"} 8388608")
        .contains("tcp_downstream_cx_tx_bytes_total{stat_prefix=\"tcp_in\"} 8388608"));
  }

  @Test
  void aClientHalfCloseStillGetsTheReply() throws IOException {
    fixture.apply(tcp(TcpProxyConfig.single("tcp_in", "a"), a.port(), b.port()));
    try (Socket s = connect(fixture.port("tcp"))) {
      s.getOutputStream().write("last words".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("last words");
    }
  }

  @Test
  void anUpstreamHalfCloseReachesTheClientWhichCanStillSend() throws Exception {
    try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      fixture.apply(tcp(TcpProxyConfig.single("tcp_in", "a"), upstream.getLocalPort(), 1));
      try (Socket client = connect(fixture.port("tcp"));
          Socket server = upstream.accept()) {
        server.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
        server.shutdownOutput();
        assertThat(client.getInputStream().readAllBytes()).asString().isEqualTo("bye");
        client.getOutputStream().write("after".getBytes(StandardCharsets.UTF_8));
        client.shutdownOutput();
        assertThat(server.getInputStream().readAllBytes()).asString().isEqualTo("after");
      }
    }
  }

  @Test
  void aFailedConnectClosesTheClient() throws IOException {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = free.getLocalPort();
    }
    fixture.apply(tcp(TcpProxyConfig.single("tcp_in", "a"), closedPort, b.port()));
    try (Socket s = connect(fixture.port("tcp"))) {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    await().untilAsserted(() -> assertThat(fixture.stats())
        .contains("tcp_upstream_cx_connect_fail_total{stat_prefix=\"tcp_in\"} 1")
        .contains("upstream_cx_connect_fail_total{cluster=\"a\"} 1"));
  }

  @Test
  void anUpdateKeepsOpenConnectionsAndSendsNewOnesByTheNewConfig() throws IOException {
    fixture.apply(tcp(split(1, 0), a.port(), b.port()));
    int port = fixture.port("tcp");
    try (Socket old = connect(port)) {
      assertThat(echo(old, "before")).isEqualTo("before");

      fixture.apply(tcp(split(0, 1), a.port(), b.port()));

      assertThat(fixture.port("tcp")).isEqualTo(port);
      assertThat(echo(old, "after")).as("the open connection still relays").isEqualTo("after");
      try (Socket fresh = connect(port)) {
        assertThat(echo(fresh, "new")).isEqualTo("new");
      }
      assertThat(a.accepted()).isEqualTo(1);
      assertThat(b.accepted()).isEqualTo(1);
    }
  }

  static Socket connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(20_000);
    return s;
  }

  /** Writes {@code text} and reads as many bytes back. */
  static String echo(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(bytes);
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    while (got.size() < bytes.length) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      got.write(c);
    }
    return got.toString(StandardCharsets.UTF_8);
  }
}
