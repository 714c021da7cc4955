package io.meshbridge.pilot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** An incremental (delta) ADS client for tests. */
public final class DeltaAdsClient implements AutoCloseable {

  private final Node node;
  private final BlockingQueue<DeltaDiscoveryResponse> responses = new LinkedBlockingQueue<>();
  private final StreamObserver<DeltaDiscoveryRequest> requests;
  private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();

  public DeltaAdsClient(Channel channel, Node node) {
    this.node = node;
    this.requests =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .deltaAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DeltaDiscoveryResponse value) {
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

  public void subscribe(String typeUrl, String... names) {
    send(
        DeltaDiscoveryRequest.newBuilder()
            .setTypeUrl(typeUrl)
            .addAllResourceNamesSubscribe(List.of(names)));
  }

  public void ack(DeltaDiscoveryResponse response) {
    send(
        DeltaDiscoveryRequest.newBuilder()
            .setTypeUrl(response.getTypeUrl())
            .setResponseNonce(response.getNonce()));
  }

  public DeltaDiscoveryResponse next() {
    try {
      DeltaDiscoveryResponse r = responses.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a delta response within 10 s").isNotNull();
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** How the stream failed, if it did. */
  public @Nullable Throwable error() {
    return error.get();
  }

  private void send(DeltaDiscoveryRequest.Builder request) {
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
