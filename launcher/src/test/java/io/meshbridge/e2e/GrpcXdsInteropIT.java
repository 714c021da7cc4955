package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.xds.XdsNameResolverProvider;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.registry.file.FileRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an xDS client we did not write: grpc-java's proxyless xDS client, bootstrapped at
 * pilot, resolves a mesh service and calls real gRPC backends; an endpoint change moves traffic.
 */
class GrpcXdsInteropIT {

  private static final String SCHEME = "xds-interop";
  private static final int SERVICE_PORT = 50051;

  @TempDir Path registryDir;

  private GrpcEchoBackend one;
  private GrpcEchoBackend two;
  private Pilot pilot;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (pilot != null) {
      pilot.close();
    }
    if (one != null) {
      one.close();
    }
    if (two != null) {
      two.close();
    }
  }

  @Test
  void proxylessGrpcClientFollowsPilot() throws Exception {
    one = new GrpcEchoBackend("one");
    two = new GrpcEchoBackend("two");
    writeRegistry(List.of(one, two));
    pilot =
        Pilot.create(
            PilotOptions.defaults().withXds("127.0.0.1", 0),
            List.of(new FileRegistry("files", registryDir)));
    pilot.start();

    channel = xdsChannel(pilot.xdsPort());

    // Round robin over both endpoints: both answer within a handful of calls.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(StatusRuntimeException.class) // until the first push lands
        .untilAsserted(() -> assertThat(callMany(10)).containsExactlyInAnyOrder("one", "two"));

    // Endpoint change: only "two" is left; its traffic moves there and "one" gets no more.
    writeRegistry(List.of(two));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(callMany(10)).containsExactly("two"));
    long oneCalls = one.calls();
    assertThat(callMany(20)).containsExactly("two");
    assertThat(one.calls()).isEqualTo(oneCalls);

    // And back: a new endpoint gets traffic again.
    writeRegistry(List.of(one, two));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(callMany(10)).containsExactlyInAnyOrder("one", "two"));
  }

  private Set<String> callMany(int n) {
    Set<String> answered = new HashSet<>();
    IntStream.range(0, n)
        .forEach(
            i ->
                answered.add(
                    ClientCalls.blockingUnaryCall(
                        channel,
                        GrpcEchoBackend.WHO,
                        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                        "who")));
    return answered;
  }

  private static ManagedChannel xdsChannel(int xdsPort) {
    Map<String, ?> bootstrap =
        Map.of(
            "xds_servers",
            List.of(
                Map.of(
                    "server_uri", "127.0.0.1:" + xdsPort,
                    "channel_creds", List.of(Map.of("type", "insecure")),
                    "server_features", List.of("xds_v3"))),
            "node",
            Map.of("id", "grpc-interop-client", "cluster", "interop"));
    NameResolverRegistry.getDefaultRegistry()
        .register(XdsNameResolverProvider.createForTest(SCHEME, bootstrap));
    return ManagedChannelBuilder.forTarget(SCHEME + ":///echo.default.mesh:" + SERVICE_PORT)
        .usePlaintext()
        .build();
  }

  private void writeRegistry(List<GrpcEchoBackend> backends) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            services:
              - name: echo
                namespace: default
                ports:
                  - name: grpc
                    number: %d
                    protocol: GRPC
                endpoints:
            """
                .formatted(SERVICE_PORT));
    for (GrpcEchoBackend b : backends) {
      yaml.append("      - address: 127.0.0.1\n")
          .append("        ports: {grpc: ")
          .append(b.port())
          .append("}\n")
          .append("        labels: {backend: ")
          .append(b.name())
          .append("}\n");
    }
    Path tmp = registryDir.resolve(".echo.yaml.tmp");
    Files.writeString(tmp, yaml);
    Files.move(
        tmp,
        registryDir.resolve("echo.yaml"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
