package io.meshbridge.proxy.dataplane.h2;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.HttpProtocolOptions.Protocol;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.GrpcTestServer;
import io.meshbridge.proxy.testing.GrpcTestServer.EchoReply;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gRPC retries with a real grpc-java client through the proxy to a cluster of two real grpc-java
 * servers over h2c: the first answers every call with UNAVAILABLE, the second echoes.
 */
@ExtendWith(LeakCheck.class)
class GrpcRetryIT {

  private static final int CALLS = 10;

  private final GrpcTestServer good = new GrpcTestServer();
  private final ProxyFixture fixture = new ProxyFixture();
  private @Nullable GrpcTestServer down;
  private @Nullable ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    fixture.close();
    good.close();
    if (down != null) {
      down.close();
    }
  }

  /** Trailers-only (grpc-status in the headers), and a message before the status in trailers. */
  @ParameterizedTest
  @EnumSource(value = EchoReply.class, names = {"UNAVAILABLE", "MESSAGE_THEN_UNAVAILABLE"})
  void unavailableIsRetriedOnTheOtherServer(EchoReply failure) {
    ManagedChannel ch = start(failure, RetryPolicy.of(Set.of(RetryOn.GRPC_UNAVAILABLE), 2));
    for (int i = 0; i < CALLS; i++) {
      assertThat(ClientCalls.blockingUnaryCall(
          ch, GrpcTestServer.ECHO, CallOptions.DEFAULT, "m" + i)).isEqualTo("m" + i);
    }
    int failed = down().echoCalls();
    // a retry's pick advances the round robin too, so first tries keep landing on the down server
    assertThat(failed).isPositive();
    assertThat(good.echoCalls()).isEqualTo(CALLS);
    assertThat(fixture.stats())
        .contains("upstream_rq_retry_total{cluster=\"grpc\"} " + failed)
        .contains("upstream_rq_retry_success_total{cluster=\"grpc\"} " + failed);
  }

  @Test
  void unavailableReachesTheClientWhenRetryOnLacksIt() {
    ManagedChannel ch =
        start(EchoReply.UNAVAILABLE,
            RetryPolicy.of(Set.of(RetryOn.FIVE_XX, RetryOn.GRPC_INTERNAL), 2));
    List<Status.Code> codes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try {
        assertThat(ClientCalls.blockingUnaryCall(
            ch, GrpcTestServer.ECHO, CallOptions.DEFAULT, "m" + i)).isEqualTo("m" + i);
        codes.add(Status.Code.OK);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getDescription()).isEqualTo(GrpcTestServer.UNAVAILABLE_TEXT);
        codes.add(e.getStatus().getCode());
      }
    }
    // round robin alternates: every call that lands on the down server fails, none is retried
    assertThat(codes).containsExactlyInAnyOrder(
        Status.Code.OK, Status.Code.OK, Status.Code.UNAVAILABLE, Status.Code.UNAVAILABLE);
    assertThat(down().echoCalls()).isEqualTo(2);
    assertThat(fixture.stats()).contains("upstream_rq_retry_total{cluster=\"grpc\"} 0");
  }

  private ManagedChannel start(EchoReply failure, RetryPolicy retry) {
    GrpcTestServer failing = new GrpcTestServer(failure);
    down = failing;
    RouteEntry route = new RouteEntry(
        RouteMatch.path(PathMatch.prefix("/")),
        new RouteAction.Forward(
            List.of(new RouteAction.WeightedCluster("grpc", 1)), Duration.ofSeconds(10), retry,
            "", ""),
        HeaderMutations.NONE);
    ClusterConfig h2 = new ClusterConfig("grpc", "grpc", LbPolicy.ROUND_ROBIN,
        Duration.ofSeconds(2), new HttpProtocolOptions(Protocol.HTTP2, 0, null));
    fixture.apply(config()
        .listener("in", 0, "rt")
        .routes("rt", new VirtualHostConfig("all", List.of("*"), List.of(route)))
        .cluster(h2, endpoint("127.0.0.1", failing.port()), endpoint("127.0.0.1", good.port()))
        .build());
    ManagedChannel ch = Grpc.newChannelBuilderForAddress(
            "127.0.0.1", fixture.port("in"), InsecureChannelCredentials.create())
        .build();
    channel = ch;
    return ch;
  }

  private GrpcTestServer down() {
    return requireNonNull(down, "down");
  }
}
