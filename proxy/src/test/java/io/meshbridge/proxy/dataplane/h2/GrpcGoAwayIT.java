package io.meshbridge.proxy.dataplane.h2;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.HttpProtocolOptions.Protocol;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.testing.GrpcTestServer;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An upstream that sends GOAWAY (grpc-java's maxConnectionAge): the proxy stops putting streams
 * on that connection and opens a new one; no call fails.
 */
@ExtendWith(LeakCheck.class)
class GrpcGoAwayIT {

  @Test
  void callsMoveToAFreshConnectionAfterGoAway() throws InterruptedException {
    try (GrpcTestServer backend = new GrpcTestServer(Duration.ofMillis(500));
        ProxyFixture fixture = new ProxyFixture()) {
      ProxyConfig base = config()
          .listener("in", 0, "rt")
          .routes("rt", vhost("all", List.of("*"), prefix("/", "grpc")))
          .cluster("grpc", endpoint("127.0.0.1", backend.port()))
          .build();
      fixture.apply(new ProxyConfig(base.listeners(), base.routes(), Map.of("grpc",
          new ClusterConfig("grpc", "grpc", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
              new HttpProtocolOptions(Protocol.HTTP2, 0, null))), base.endpoints()));
      ManagedChannel channel = Grpc.newChannelBuilderForAddress(
          "127.0.0.1", fixture.port("in"), InsecureChannelCredentials.create()).build();
      try {
        AtomicInteger calls = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          String m = "m" + calls.incrementAndGet();
          assertThat(ClientCalls.blockingUnaryCall(
              channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, m)).isEqualTo(m);
          return fixture.stats().contains("upstream_cx_total{cluster=\"grpc\"} 3");
        });
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
