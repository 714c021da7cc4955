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
import io.meshbridge.proxy.dataplane.DataPlaneOptions;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.GrpcTestServer;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Endpoints leaving the config on one worker that holds both an HTTP/2 and an HTTP/1.1 upstream
 * connection: both close (closing the HTTP/2 one must not abort the sweep).
 */
@ExtendWith(LeakCheck.class)
class Http2UpstreamsConfigChangeIT {

  @Test
  void http2AndHttp1ConnectionsToRemovedEndpointsBothClose() throws InterruptedException {
    try (GrpcTestServer grpc = new GrpcTestServer();
        Backend web = Backend.start("web");
        ProxyFixture fixture = new ProxyFixture(DataPlaneOptions.DEFAULTS.withWorkerThreads(1))) {
      fixture.apply(proxyConfig(grpc.port(), web.port()));
      ManagedChannel channel = Grpc.newChannelBuilderForAddress(
          "127.0.0.1", fixture.port("in"), InsecureChannelCredentials.create()).build();
      try {
        assertThat(ClientCalls.blockingUnaryCall(
            channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, "x")).isEqualTo("x");
        assertThat(new Client(fixture.port("in")).get("web", "/").body()).isEqualTo("web");
        await().untilAsserted(() -> assertThat(fixture.stats())
            .contains("upstream_cx_active{cluster=\"grpc\"} 1")
            .contains("upstream_cx_active{cluster=\"web\"} 1"));

        fixture.apply(proxyConfig(1, 1)); // other endpoints, never connected to

        await().untilAsserted(() -> assertThat(fixture.stats())
            .contains("upstream_cx_active{cluster=\"grpc\"} 0")
            .contains("upstream_cx_active{cluster=\"web\"} 0"));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static ProxyConfig proxyConfig(int grpcPort, int webPort) {
    return config()
        .listener("in", 0, "rt")
        .routes("rt", vhost("all", List.of("*"),
            prefix("/meshbridge.test.Echo/", "grpc"), prefix("/", "web")))
        .cluster(
            new ClusterConfig("grpc", "grpc", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                new HttpProtocolOptions(Protocol.HTTP2, 0, null)),
            endpoint("127.0.0.1", grpcPort))
        .cluster("web", endpoint("127.0.0.1", webPort))
        .build();
  }
}
