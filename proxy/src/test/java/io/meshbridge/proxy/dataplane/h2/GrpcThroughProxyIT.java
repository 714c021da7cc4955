package io.meshbridge.proxy.dataplane.h2;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.HttpProtocolOptions.Protocol;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.testing.GrpcTestServer;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real grpc-java client through the proxy (h2c downstream, HTTP/2 upstream for a cluster with
 * http2_protocol_options) to a real grpc-java server: unary, streaming, and error trailers.
 */
@ExtendWith(LeakCheck.class)
class GrpcThroughProxyIT {

  private final GrpcTestServer backend = new GrpcTestServer();
  private final ProxyFixture fixture = new ProxyFixture();
  private ManagedChannel channel;

  private ProxyConfig proxyConfig(HttpProtocolOptions options) {
    ProxyConfig base = config()
        .listener("in", 0, "rt")
        .routes("rt", vhost("all", List.of("*"), prefix("/", "grpc")))
        .cluster("grpc", endpoint("127.0.0.1", backend.port()))
        .build();
    ClusterConfig h2 = new ClusterConfig(
        "grpc", "grpc", LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2), options);
    return new ProxyConfig(
        base.listeners(), base.routes(), Map.of("grpc", h2), base.endpoints());
  }

  @BeforeEach
  void start() {
    fixture.apply(proxyConfig(new HttpProtocolOptions(Protocol.HTTP2, 0, null)));
    channel = Grpc.newChannelBuilderForAddress(
            "127.0.0.1", fixture.port("in"), InsecureChannelCredentials.create())
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    fixture.close();
    backend.close();
  }

  @Test
  void unary() {
    assertThat(ClientCalls.blockingUnaryCall(
        channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, "hello")).isEqualTo("hello");
  }

  @Test
  void aLargeMessageCrossesBothHttp2FlowControlWindows() {
    String big = "x".repeat(3 * 1024 * 1024); // far above the 64 KiB initial windows
    assertThat(ClientCalls.blockingUnaryCall(
        channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, big)).isEqualTo(big);
  }

  @Test
  void manyUnaryCallsShareTheUpstreamConnection() {
    for (int i = 0; i < 50; i++) {
      assertThat(ClientCalls.blockingUnaryCall(
          channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, "m" + i)).isEqualTo("m" + i);
    }
    assertThat(fixture.stats()).contains("upstream_cx_total{cluster=\"grpc\"} 1");
  }

  @Test
  void serverStreaming() {
    Iterator<String> it = ClientCalls.blockingServerStreamingCall(
        channel, GrpcTestServer.COUNT, CallOptions.DEFAULT, "100");
    List<String> got = new ArrayList<>();
    it.forEachRemaining(got::add);
    assertThat(got).hasSize(100).startsWith("0", "1").endsWith("99");
  }

  @Test
  void bidiStreaming() {
    List<String> got = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(
        channel.newCall(GrpcTestServer.CHAT, CallOptions.DEFAULT),
        new StreamObserver<>() {
          @Override
          public void onNext(String value) {
            got.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    requests.onNext("a");
    requests.onNext("b");
    requests.onNext("c");
    requests.onCompleted();
    done.orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(got).containsExactly("re: a", "re: b", "re: c");
  }

  @Test
  void anErrorStatusInTrailersReachesTheClient() {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
            channel, GrpcTestServer.FAIL, CallOptions.DEFAULT, "no such thing"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("no such thing");
        });
  }

  @Test
  void anHttp1ClientReachesTheHttp2Upstream() throws Exception {
    byte[] frame = {0, 0, 0, 0, 2, 'h', 'i'}; // a gRPC message: uncompressed, 2 bytes, "hi"
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> response = client.send(
        HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + fixture.port("in") + "/meshbridge.test.Echo/Echo"))
            .header("content-type", "application/grpc")
            .POST(HttpRequest.BodyPublishers.ofByteArray(frame))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc");
    assertThat(response.body()).isEqualTo(frame);
  }

  @Test
  void anIdleUpstreamConnectionClosesAfterTheIdleTimeout() {
    fixture.apply(proxyConfig(new HttpProtocolOptions(Protocol.HTTP2, 0, Duration.ofMillis(200))));
    assertThat(ClientCalls.blockingUnaryCall(
        channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, "x")).isEqualTo("x");
    await().untilAsserted(() -> assertThat(fixture.stats())
        .contains("upstream_cx_total{cluster=\"grpc\"} 1")
        .contains("upstream_cx_active{cluster=\"grpc\"} 0"));
    assertThat(ClientCalls.blockingUnaryCall(
        channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, "y")).isEqualTo("y");
    assertThat(fixture.stats()).contains("upstream_cx_total{cluster=\"grpc\"} 2");
  }

  @Test
  void maxRequestsPerConnectionOpensFreshConnections() {
    fixture.apply(proxyConfig(new HttpProtocolOptions(Protocol.HTTP2, 2, null)));
    for (int i = 0; i < 6; i++) {
      assertThat(ClientCalls.blockingUnaryCall(
          channel, GrpcTestServer.ECHO, CallOptions.DEFAULT, "r" + i)).isEqualTo("r" + i);
    }
    assertThat(fixture.stats()).contains("upstream_cx_total{cluster=\"grpc\"} 3");
  }
}
