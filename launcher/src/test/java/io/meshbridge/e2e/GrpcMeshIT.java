package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gRPC through a real proxy configured by pilot: a GRPC port of a registry service, real grpc-java
 * clients and servers on both sides. Unary and server-streaming calls arrive whole, and a
 * VirtualService {@code retries.retryOn: unavailable} turns an endpoint's UNAVAILABLE into a
 * successful call on the other endpoint.
 */
class GrpcMeshIT extends MeshTest {

  @Test
  void unaryAndServerStreamingCallsReachBothEndpoints() {
    GrpcEchoBackend one = started.add(new GrpcEchoBackend("one"));
    GrpcEchoBackend two = started.add(new GrpcEchoBackend("two"));
    mesh.publishPorts("GRPC", Map.of(one.name(), one.port(), two.name(), two.port()));
    mesh.startWithPolicies(0);
    ManagedChannel channel = channel();

    Set<String> answeredBy = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      answeredBy.add(call(channel, GrpcEchoBackend.WHO, ""));
    }
    assertThat(answeredBy).containsExactlyInAnyOrder("one", "two");

    List<String> streamed = new ArrayList<>();
    Iterator<String> replies =
        ClientCalls.blockingServerStreamingCall(
            channel, GrpcEchoBackend.COUNT, options(), "100");
    replies.forEachRemaining(streamed::add);
    assertThat(streamed).hasSize(100);
    String backend = streamed.get(0).substring(0, 3);
    assertThat(streamed).allSatisfy(m -> assertThat(m).startsWith(backend + "-"));
    assertThat(streamed.get(99)).isEqualTo(backend + "-99");
  }

  @Test
  void unavailableIsRetriedOnTheOtherEndpoint() {
    GrpcEchoBackend up = started.add(new GrpcEchoBackend("up"));
    GrpcEchoBackend down = started.add(GrpcEchoBackend.unavailable("down"));
    mesh.publishPorts("GRPC", Map.of(up.name(), up.port(), down.name(), down.port()));
    mesh.writePolicy(LoopbackMesh.virtualService("""
        http:
          - route: [{destination: {host: hello}}]
            retries: {attempts: 2, retryOn: unavailable}
        """));
    mesh.startWithPolicies(1);
    await("the proxy applied the retry policy")
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.admin().get("/config_dump").contains("retry_policy"));
    ManagedChannel channel = channel();

    for (int i = 0; i < 20; i++) {
      assertThat(call(channel, GrpcEchoBackend.WHO, "")).isEqualTo("up");
    }
    assertThat(down.calls()).as("calls that reached the failing endpoint").isPositive();
    assertThat(mesh.admin().get("/stats/prometheus"))
        .contains("upstream_rq_retry_total{cluster=\"" + mesh.cluster() + "\"} " + down.calls());
  }

  private ManagedChannel channel() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", mesh.servicePort)
            .usePlaintext()
            .overrideAuthority(mesh.authority())
            .build();
    started.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static String call(
      ManagedChannel channel, MethodDescriptor<String, String> method, String request) {
    return ClientCalls.blockingUnaryCall(channel, method, options(), request);
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS);
  }
}
