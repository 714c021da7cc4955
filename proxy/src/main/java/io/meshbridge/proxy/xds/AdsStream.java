package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * One ADS stream to one server, on a channel of its own, state of the world or delta (its {@link
 * AdsWire}), and the protocol state that lives as long as the stream: the last nonce per type,
 * the responses not answered yet, NACKs held back by the {@link NackThrottle}. gRPC callbacks are
 * handed to the client's executor; every method runs on that executor.
 */
final class AdsStream {

  /** What the client hears from a stream, always on its executor. */
  interface Listener {
    void onResponse(AdsStream stream, XdsResponse response);

    void onClosed(AdsStream stream, Status status);
  }

  private final HostPort server;
  private final ManagedChannel channel;
  private final AdsWire wire;
  private final Map<ResourceType<?, ?>, String> nonces = new HashMap<>();
  private final Set<ResourceType<?, ?>> unanswered = new HashSet<>();
  private final Map<ResourceType<?, ?>, HeldNack> heldNacks = new HashMap<>();
  final NackThrottle nackThrottle;
  private boolean responseReceived;

  private record HeldNack(String errorDetail, Future<?> timer) {}

  AdsStream(HostPort server, ManagedChannel channel, Node node, AdsApi api,
      NackThrottle nackThrottle, Executor executor, Listener listener) {
    this.server = requireNonNull(server, "server");
    this.channel = requireNonNull(channel, "channel");
    this.nackThrottle = requireNonNull(nackThrottle, "nackThrottle");
    AdsWire.Sink sink = new AdsWire.Sink() {
      @Override
      public void onResponse(XdsResponse response) {
        executor.execute(() -> listener.onResponse(AdsStream.this, response));
      }

      @Override
      public void onClosed(Status status) {
        executor.execute(() -> listener.onClosed(AdsStream.this, status));
      }
    };
    wire = api == AdsApi.DELTA ? new DeltaWire(channel, node, sink)
        : new SotwWire(channel, node, sink);
  }

  HostPort server() {
    return server;
  }

  /** Records a response; returns whether it is the first on this stream. */
  boolean received(ResourceType<?, ?> type, String nonce) {
    nonces.put(type, nonce);
    unanswered.add(type);
    boolean first = !responseReceived;
    responseReceived = true;
    return first;
  }

  boolean responseReceived() {
    return responseReceived;
  }

  /**
   * Whether this stream's channel is connected: the stream is then open on a live connection to
   * the server, whether or not the server had anything new to send (a server whose versions match
   * what the client already holds rightly sends nothing).
   */
  boolean channelReady() {
    return channel.getState(false) == ConnectivityState.READY;
  }

  /**
   * Sends a request for {@code type} reflecting {@code state}'s subscriptions: the ACK of the last
   * response of {@code type} if it is not answered yet, or its NACK when {@code errorDetail} is
   * given, or only a subscription change.
   */
  void send(ResourceType<?, ?> type, ResourceState<?, ?> state, @Nullable String errorDetail) {
    boolean answers = unanswered.remove(type);
    wire.send(type, state, nonces.getOrDefault(type, ""), answers, errorDetail);
  }

  /** See {@link AdsWire#sendHealth}. */
  void sendHealth(@Nullable String errorDetail) {
    wire.sendHealth(errorDetail);
  }

  /** Runs a task after a delay, on the client's executor, while this stream is the current one. */
  interface Scheduler {
    Future<?> schedule(Runnable task, java.time.Duration delay);
  }

  /**
   * ACKs the last response of {@code type}, or NACKs it with {@code errorDetail}: at once, or after
   * the {@link NackThrottle}'s delay when the same version was NACKed before.
   */
  void ackOrNack(ResourceType<?, ?> type, ResourceState<?, ?> state, String version,
      @Nullable String errorDetail, Scheduler scheduler) {
    if (errorDetail == null) {
      nackThrottle.acked(type);
      send(type, state, null);
      return;
    }
    java.time.Duration hold = nackThrottle.delay(type, version);
    if (hold.isZero()) {
      send(type, state, errorDetail);
      return;
    }
    LoggerFactory.getLogger(XdsClient.class).debug(
        "{} version {} was sent again; holding its NACK for {} ms", type, version, hold.toMillis());
    holdNack(type, errorDetail, scheduler.schedule(() -> {
      String held = releaseNack(type);
      if (held != null) {
        send(type, state, held);
      }
    }, hold));
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
    wire.cancel();
    channel.shutdownNow();
  }
}
