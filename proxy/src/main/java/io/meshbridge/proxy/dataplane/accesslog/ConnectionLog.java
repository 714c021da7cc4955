package io.meshbridge.proxy.dataplane.accesslog;

import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.netty.channel.Channel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access log lines for TCP connections (one JSON object per line on the {@value AccessLog#LOGGER}
 * logger, like requests): one when a tcp_proxy connection ends, one for a connection an RBAC
 * filter refused or audited. A connection that terminated TLS adds {@code
 * downstream_peer_uri_san} and {@code downstream_tls_version}.
 */
public final class ConnectionLog {

  private static final Logger log = LoggerFactory.getLogger(AccessLog.LOGGER);

  private ConnectionLog() {}

  /**
   * What a tcp_proxy connection did, for its line when it ends.
   *
   * @param cluster the upstream cluster ("-" when none was found)
   * @param upstreamHost the endpoint ("-" when none was picked)
   * @param bytesReceived read from the downstream
   * @param bytesSent written to the downstream (read from the upstream)
   */
  public record Relayed(String cluster, String upstreamHost, long bytesReceived, long bytesSent) {}

  /**
   * Logs a connection of listener {@code listener} accepted on {@code ch}.
   *
   * @param flags the response flags ("-" for none)
   * @param details Envoy's {@code connection_termination_details} ("" for none)
   * @param rbacAudit the policy an RBAC LOG filter matched ("" for none)
   * @param relayed what the tcp_proxy did, or null when it did not start
   */
  public static void write(String listener, Channel ch, String flags, String details,
      String rbacAudit, @Nullable Relayed relayed) {
    if (!log.isInfoEnabled()) {
      return;
    }
    Json json = new Json();
    json.field("start_time", Instant.now().toString());
    json.field("listener", listener);
    json.field("downstream_remote_address", String.valueOf(ch.remoteAddress()));
    json.field("downstream_local_address", String.valueOf(ch.localAddress()));
    json.field("response_flags", flags);
    if (relayed != null) {
      json.field("upstream_cluster", relayed.cluster());
      json.field("upstream_host", relayed.upstreamHost());
      json.field("bytes_received", relayed.bytesReceived());
      json.field("bytes_sent", relayed.bytesSent());
    }
    if (!details.isEmpty()) {
      json.field("connection_termination_details", details);
    }
    if (!rbacAudit.isEmpty()) {
      json.field("rbac_audit", rbacAudit);
    }
    peerFields(json, DownstreamPeer.of(ch));
    log.info(json.end());
  }

  /** The TLS peer's fields; none for plaintext, so plaintext lines keep their shape. */
  static void peerFields(Json json, @Nullable DownstreamPeer peer) {
    if (peer != null) {
      String san = peer.uriSan();
      json.field("downstream_peer_uri_san", san == null ? "-" : san);
      json.field("downstream_tls_version", peer.tlsVersion());
    }
  }
}
