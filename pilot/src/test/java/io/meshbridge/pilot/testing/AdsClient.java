package io.meshbridge.pilot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** A state-of-the-world ADS client for tests: sends requests, queues responses in order. */
public final class AdsClient implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Node node;
  private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
  private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
  private final StreamObserver<DiscoveryRequest> requests;

  public AdsClient(Channel channel, Node node) {
    this.node = node;
    this.requests =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    error.set(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
  }

  /** Subscribes to {@code typeUrl}; no names means wildcard. */
  public void subscribe(String typeUrl, String... names) {
    send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNames(List.of(names)));
  }

  /** ACKs {@code response}, keeping the subscription to {@code names}. */
  public void ack(DiscoveryResponse response, String... names) {
    send(
        DiscoveryRequest.newBuilder()
            .setTypeUrl(response.getTypeUrl())
            .setVersionInfo(response.getVersionInfo())
            .setResponseNonce(response.getNonce())
            .addAllResourceNames(List.of(names)));
  }

  /** NACKs {@code response}, still at {@code acceptedVersion}. */
  public void nack(DiscoveryResponse response, String acceptedVersion, String message) {
    send(
        DiscoveryRequest.newBuilder()
            .setTypeUrl(response.getTypeUrl())
            .setVersionInfo(acceptedVersion)
            .setResponseNonce(response.getNonce())
            .setErrorDetail(Status.newBuilder().setCode(3).setMessage(message)));
  }

  /** Sends a request of {@code typeUrl} with {@code errorDetail} when not null (health reports). */
  public void report(String typeUrl, @Nullable Status errorDetail) {
    DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder().setTypeUrl(typeUrl);
    if (errorDetail != null) {
      request.setErrorDetail(errorDetail);
    }
    send(request);
  }

  /** The next response, waiting for it. */
  public DiscoveryResponse next() {
    try {
      DiscoveryResponse r = responses.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r).as("a response within %s (stream error: %s)", TIMEOUT, error.get()).isNotNull();
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public @Nullable Throwable error() {
    return error.get();
  }

  private void send(DiscoveryRequest.Builder request) {
    synchronized (requests) {
      requests.onNext(request.setNode(node).build());
    }
  }

  @Override
  public void close() {
    synchronized (requests) {
      requests.onCompleted();
    }
  }
}
