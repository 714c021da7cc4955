package io.meshbridge.pilot.xds;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.meshbridge.pilot.testing.AdsClient;
import io.meshbridge.pilot.testing.DeltaAdsClient;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * java-control-plane's stream observers over {@link StreamExecutors}, on in-process gRPC: a
 * request that arrives while a response of its stream is still being built and sent is handled
 * after that send, as java-control-plane's observers assume; and one stream's slow send does not
 * hold up another stream.
 *
 * <p>A callback holds the first response of node {@code slow} inside its send (after the response
 * was built, before the observer recorded its nonce) until the test lets it go.
 */
class StreamOrderingTest {

  private static final Node SLOW = Node.newBuilder().setId("slow").build();
  private static final Node OTHER = Node.newBuilder().setId("other").build();

  private final SimpleCache<String> cache = new SimpleCache<>(node -> "all");
  private final StreamExecutors streams = new StreamExecutors(2);
  private final CountDownLatch slowSendEntered = new CountDownLatch(1);
  private final CountDownLatch letSlowSendGo = new CountDownLatch(1);
  private final Set<Long> slowStreams = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requestsArrived = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    SharingDiscoveryServer xds =
        new SharingDiscoveryServer(List.of(new HoldFirstSlowSend()), cache, streams);
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    ServerInterceptor countArrivals = new CountArrivals();
    Stream.of(xds.getAggregatedDiscoveryServiceImpl())
        .map(s -> ServerInterceptors.intercept(s, streams, countArrivals))
        .forEach(builder::addService);
    server = builder.build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    letSlowSendGo.countDown();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    streams.close();
  }

  @Test
  void aStateOfTheWorldRequestWaitsForTheResponseBeingSent() throws InterruptedException {
    cache.setSnapshot("all", clusters("1", "a"));
    try (AdsClient client = new AdsClient(channel, SLOW)) {
      client.subscribe(CLUSTER_TYPE_URL);
      assertThat(slowSendEntered.await(10, TimeUnit.SECONDS)).isTrue();
      client.subscribe(CLUSTER_TYPE_URL); // again, before the first response has gone out
      await().until(() -> requestsArrived.get() == 2);
      letSlowSendGo.countDown();

      DiscoveryResponse first = client.next();
      assertThat(first.getVersionInfo()).isEqualTo("1");
      client.ack(first);
      cache.setSnapshot("all", clusters("2", "a", "b"));

      // Handled before the send, the repeated request found no nonce yet and was answered again
      // with version 1, after which the ACK above named an outdated nonce and was ignored.
      assertThat(client.next().getVersionInfo()).isEqualTo("2");
    }
  }

  @Test
  void aDeltaRequestWaitsForTheResponseBeingSent() throws InterruptedException {
    cache.setSnapshot("all", clusters("1", "a"));
    try (DeltaAdsClient client = new DeltaAdsClient(channel, SLOW)) {
      client.subscribe(CLUSTER_TYPE_URL);
      assertThat(slowSendEntered.await(10, TimeUnit.SECONDS)).isTrue();
      client.subscribe(CLUSTER_TYPE_URL);
      await().until(() -> requestsArrived.get() == 2);
      letSlowSendGo.countDown();

      DeltaDiscoveryResponse first = client.next();
      assertThat(names(first)).containsExactly("a");
      client.ack(first);
      cache.setSnapshot("all", clusters("2", "a", "b"));

      // Handled before the send, the repeated request saw no response awaiting its ACK and opened
      // a second watch, which sent "a" again: two responses outstanding, the change never sent.
      assertThat(names(client.next())).containsExactly("b");
    }
  }

  @Test
  void aStreamWhoseSendIsHeldDoesNotHoldUpAnother() throws InterruptedException {
    cache.setSnapshot("all", clusters("1", "a"));
    try (DeltaAdsClient slow = new DeltaAdsClient(channel, SLOW);
        DeltaAdsClient other = new DeltaAdsClient(channel, OTHER)) {
      slow.subscribe(CLUSTER_TYPE_URL);
      assertThat(slowSendEntered.await(10, TimeUnit.SECONDS)).isTrue();

      other.subscribe(CLUSTER_TYPE_URL);
      assertThat(names(other.next())).containsExactly("a"); // while slow's send is still held

      letSlowSendGo.countDown();
      assertThat(names(slow.next())).containsExactly("a");
    }
  }

  private static Snapshot clusters(String version, String... names) {
    List<Cluster> clusters =
        Stream.of(names).map(n -> Cluster.newBuilder().setName(n).build()).toList();
    return Snapshot.create(
        clusters, version, List.of(), version, List.of(), version, List.of(), version, List.of(),
        version);
  }

  private static List<String> names(DeltaDiscoveryResponse response) {
    return response.getResourcesList().stream().map(Resource::getName).toList();
  }

  /** Holds the first response sent to node "slow" until the test lets it go. */
  private final class HoldFirstSlowSend implements DiscoveryServerCallbacks {
    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
      noteSlow(streamId, request.getNode());
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
      noteSlow(streamId, request.getNode());
    }

    @Override
    public void onV3StreamResponse(
        long streamId, DiscoveryRequest request, DiscoveryResponse response) {
      holdIfFirstSlow(streamId);
    }

    @Override
    public void onV3StreamDeltaResponse(
        long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
      holdIfFirstSlow(streamId);
    }

    private void noteSlow(long streamId, Node node) {
      if (node.getId().equals(SLOW.getId())) {
        slowStreams.add(streamId);
      }
    }

    private void holdIfFirstSlow(long streamId) {
      if (slowStreams.contains(streamId) && slowSendEntered.getCount() > 0) {
        slowSendEntered.countDown();
        try {
          assertThat(letSlowSendGo.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Counts requests as gRPC delivers them, before they reach a stream's executor. */
  private final class CountArrivals implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onMessage(ReqT message) {
          requestsArrived.incrementAndGet();
          super.onMessage(message);
        }
      };
    }
  }
}
