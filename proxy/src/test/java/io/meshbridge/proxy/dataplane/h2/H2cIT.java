package io.meshbridge.proxy.dataplane.h2;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.H2cClient;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** h2c clients (Netty's HTTP/2 codec, prior knowledge) through the proxy to HTTP/1.1 backends. */
@ExtendWith(LeakCheck.class)
class H2cIT {

  private final Backend a = Backend.start("a");
  private final Backend b = Backend.start("b");
  private final ProxyFixture fixture = new ProxyFixture();

  @AfterEach
  void stop() {
    fixture.close();
    a.close();
    b.close();
  }

  private int start(HttpCodec codec) {
    ProxyConfig config = config()
        .listener(ListenerConfig.http("in", "127.0.0.1", 0, "rt", "in", codec))
        .routes("rt",
            vhost("a", List.of("a.mesh"), prefix("/", "a")),
            vhost("b", List.of("b.mesh"), prefix("/", "b")))
        .cluster("a", endpoint("127.0.0.1", a.port()))
        .cluster("b", endpoint("127.0.0.1", b.port()))
        .build();
    fixture.apply(config);
    return fixture.port("in");
  }

  @Test
  void autoServesHttp2ByPriorKnowledgeAndHttp1OnTheSamePort() {
    int port = start(HttpCodec.AUTO);
    try (H2cClient h2 = new H2cClient(port)) {
      assertThat(h2.send(HttpMethod.GET, "a.mesh", "/", ""))
          .isEqualTo(new H2cClient.Response(200, "a"));
      assertThat(h2.send(HttpMethod.POST, "b.mesh", "/echo", "hello"))
          .isEqualTo(new H2cClient.Response(200, "b:" + Backend.digest("hello".getBytes())));
      assertThat(h2.send(HttpMethod.GET, "nowhere.mesh", "/x", "").status()).isEqualTo(404);
    }
    assertThat(new Client(port).get("a.mesh", "/").body()).isEqualTo("a");
  }

  @Test
  void concurrentStreamsOnOneConnection() {
    int port = start(HttpCodec.HTTP2);
    try (H2cClient h2 = new H2cClient(port)) {
      List<CompletableFuture<H2cClient.Response>> responses = IntStream.range(0, 20)
          .mapToObj(i -> CompletableFuture.supplyAsync(
              () -> h2.send(HttpMethod.GET, i % 2 == 0 ? "a.mesh" : "b.mesh", "/", "")))
          .toList();
      for (int i = 0; i < responses.size(); i++) {
        assertThat(responses.get(i).join().body()).isEqualTo(i % 2 == 0 ? "a" : "b");
      }
    }
    assertThat(a.requests() + b.requests()).isEqualTo(20);
  }
}
