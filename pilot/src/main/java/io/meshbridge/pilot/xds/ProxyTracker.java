package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, per open xDS stream, who the proxy is and, per type, what it ACKed and last NACKed.
 *
 * <p>A state-of-the-world request with a {@code response_nonce} and no {@code error_detail} ACKs
 * its {@code version_info}; with {@code error_detail} it NACKs the response with that nonce. Delta
 * requests carry no version, so an ACK or NACK refers to the response with its nonce.
 *
 * <p>Thread-safe: callbacks come from gRPC threads and from the thread that publishes snapshots.
 * {@link #streams} maps stream ids to immutable {@link ProxyStatus} values; each update is one
 * atomic {@code compute} on the stream's entry, and nothing else is shared.
 */
public final class ProxyTracker implements DiscoveryServerCallbacks {

  private final Clock clock;
  private final Map<Long, ProxyStatus> streams = new ConcurrentHashMap<>();

  public ProxyTracker(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** The open streams, by stream id. */
  public List<ProxyStatus> proxies() {
    return streams.values().stream()
        .sorted(Comparator.comparingLong(ProxyStatus::streamId))
        .toList();
  }

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    // java-control-plane opens the stream while the gRPC call's context is current.
    io.meshbridge.pilot.ca.SpiffeId identity = ClientCertificateAuth.PEER_IDENTITY.get();
    streams.put(
        streamId,
        ProxyStatus.opened(
            streamId, typeUrl, clock.instant(), identity == null ? null : identity.uri()));
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    streams.remove(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    streams.remove(streamId);
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    streams.computeIfPresent(
        streamId,
        (id, s) -> {
          ProxyStatus status = s.withNode(request.getNode(), false);
          if (request.getResponseNonce().isEmpty()) {
            return status;
          }
          String type = status.typeOf(request.getTypeUrl());
          if (request.hasErrorDetail()) {
            String rejected = status.type(type).versionOf(request.getResponseNonce());
            Nack nack =
                new Nack(
                    rejected != null ? rejected : "",
                    request.getErrorDetail().getMessage(),
                    clock.instant());
            return status.updateType(type, t -> t.nacked(nack));
          }
          return status.updateType(type, t -> t.acked(request.getVersionInfo()));
        });
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    streams.computeIfPresent(
        streamId,
        (id, s) -> {
          ProxyStatus status = s.withNode(request.getNode(), true);
          if (request.getResponseNonce().isEmpty()) {
            return status;
          }
          String type = status.typeOf(request.getTypeUrl());
          String answered = status.type(type).versionOf(request.getResponseNonce());
          if (request.hasErrorDetail()) {
            Nack nack =
                new Nack(
                    answered != null ? answered : "",
                    request.getErrorDetail().getMessage(),
                    clock.instant());
            return status.updateType(type, t -> t.nacked(nack));
          }
          return answered == null ? status : status.updateType(type, t -> t.acked(answered));
        });
  }

  @Override
  public void onV3StreamResponse(
      long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    streams.computeIfPresent(
        streamId,
        (id, s) ->
            s.updateType(
                s.typeOf(response.getTypeUrl()),
                t -> t.sent(response.getNonce(), response.getVersionInfo())));
  }

  @Override
  public void onV3StreamDeltaResponse(
      long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    streams.computeIfPresent(
        streamId,
        (id, s) ->
            s.updateType(
                s.typeOf(response.getTypeUrl()),
                t -> t.sent(response.getNonce(), response.getSystemVersionInfo())));
  }
}
