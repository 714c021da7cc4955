package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cluster's {@code connect_timeout} bounds an upstream connect that never completes. */
@ExtendWith(LeakCheck.class)
class ConnectTimeoutIT {

  private final ProxyFixture fixture = new ProxyFixture();
  private final List<AutoCloseable> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    fixture.close();
    for (AutoCloseable s : sockets) {
      s.close();
    }
  }

  /**
   * A listener that never accepts, its backlog filled: Linux then drops further SYNs, so a connect
   * to it neither succeeds nor fails until the connecting side gives up.
   */
  private int unresponsivePort() throws IOException {
    ServerSocket server = new ServerSocket();
    sockets.add(server);
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1);
    for (int i = 0; i < 3; i++) {
      Socket filler = new Socket();
      sockets.add(filler);
      try {
        filler.connect(server.getLocalSocketAddress(), 200);
      } catch (IOException e) {
        break; // the backlog is full
      }
    }
    return server.getLocalPort();
  }

  @Test
  void aConnectThatDoesNotCompleteEndsAfterTheClustersConnectTimeout() throws IOException {
    int port = unresponsivePort();
    fixture.apply(
        config()
            .connectTimeout(Duration.ofMillis(300))
            .listener("in", 0, "rt")
            .routes("rt", vhost("v", List.of("*"), prefix("/", "c")))
            .cluster("c", endpoint("127.0.0.1", port))
            .build());

    HttpResponse<String> r = new Client(fixture.port("in")).get("h", "/");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).startsWith("upstream connect error: ").contains("timed out");
    assertThat(fixture.stats()).contains("upstream_cx_connect_fail_total{cluster=\"c\"} 1");
  }
}
