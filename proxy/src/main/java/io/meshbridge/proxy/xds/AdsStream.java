package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One ADS stream to one server, on a channel of its own, and the protocol state that lives as long
 * as the stream: the last nonce per type, NACKs held back by the {@link NackThrottle}. gRPC
 * callbacks are handed to the client's executor; every method runs on that executor.
 */
final class AdsStream {

  /** What the client hears from a stream, always on its executor. */
  interface Listener {
    void onResponse(AdsStream stream, DiscoveryResponse response);

    void onClosed(AdsStream stream, Status status);
  }

  private final HostPort server;
  private final ManagedChannel channel;
  private final Node node;
  private final StreamObserver<DiscoveryRequest> requests;
  private final Map<ResourceType<?, ?>, String> nonces = new HashMap<>();
  private final Map<ResourceType<?, ?>, HeldNack> heldNacks = new HashMap<>();
  final NackThrottle nackThrottle;
  private boolean responseReceived;

  private record HeldNack(String errorDetail, Future<?> timer) {}

  AdsStream(HostPort server, ManagedChannel channel, Node node, NackThrottle nackThrottle,
      Executor executor, Listener listener) {
    this.server = requireNonNull(server, "server");
    this.channel = requireNonNull(channel, "channel");
    this.node = requireNonNull(node, "node");
    this.nackThrottle = requireNonNull(nackThrottle, "nackThrottle");
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .streamAggregatedResources(new StreamObserver<>() {
          @Override
          public void onNext(DiscoveryResponse response) {
            executor.execute(() -> listener.onResponse(AdsStream.this, response));
          }

          @Override
          public void onError(Throwable t) {
            executor.execute(() -> listener.onClosed(AdsStream.this, Status.fromThrowable(t)));
          }

          @Override
          public void onCompleted() {
            Status status = Status.UNAVAILABLE.withDescription("server closed the stream");
            executor.execute(() -> listener.onClosed(AdsStream.this, status));
          }
        });
  }

  HostPort server() {
    return server;
  }

  /** Records a response; returns whether it is the first on this stream. */
  boolean received(ResourceType<?, ?> type, String nonce) {
    nonces.put(type, nonce);
    boolean first = !responseReceived;
    responseReceived = true;
    return first;
  }

  boolean responseReceived() {
    return responseReceived;
  }

  /**
   * Sends a request for {@code type} with the last nonce received for it: an ACK, or a NACK when
   * {@code errorDetail} is given, or a subscription change.
   */
  /**
   * Whether this stream's channel is connected: the stream is then open on a live connection to
   * the server, whether or not the server had anything new to send (a server whose versions match
   * what the client already holds rightly sends nothing).
   */
  boolean channelReady() {
    return channel.getState(false) == io.grpc.ConnectivityState.READY;
  }

  void send(ResourceType<?, ?> type, List<String> names, String version,
      @Nullable String errorDetail) {
    DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(type.typeUrl())
        .setVersionInfo(version)
        .addAllResourceNames(names)
        .setResponseNonce(nonces.getOrDefault(type, ""));
    if (errorDetail != null) {
      request.setErrorDetail(com.google.rpc.Status.newBuilder()
          .setCode(Code.INVALID_ARGUMENT_VALUE)
          .setMessage(errorDetail));
    }
    requests.onNext(request.build());
  }

  /** Holds a NACK of {@code type} until {@code timer} sends it (see {@link NackThrottle}). */
  void holdNack(ResourceType<?, ?> type, String errorDetail, Future<?> timer) {
    HeldNack previous = heldNacks.put(type, new HeldNack(errorDetail, timer));
    if (previous != null) {
      previous.timer().cancel(false);
    }
  }

  /** Takes the held NACK of {@code type} (its timer cancelled): its error detail, or null. */
  @Nullable String releaseNack(ResourceType<?, ?> type) {
    HeldNack held = heldNacks.remove(type);
    if (held == null) {
      return null;
    }
    held.timer().cancel(false);
    return held.errorDetail();
  }

  /** Cancels the stream and shuts its channel down. */
  void close() {
    heldNacks.values().forEach(held -> held.timer().cancel(false));
    heldNacks.clear();
    requests.onError(
        Status.CANCELLED.withDescription("xDS client closed the stream").asException());
    channel.shutdownNow();
  }
}
