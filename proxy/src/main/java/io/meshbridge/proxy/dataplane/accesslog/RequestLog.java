package io.meshbridge.proxy.dataplane.accesslog;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the access log says about one request, filled in as the request goes: any stage may add
 * {@linkplain #flag flags} or set fields. Confined to the request's event loop (not thread-safe).
 */
public final class RequestLog {

  private final Instant startTime;
  private final long startNanos;
  private final String method;
  private final String authority;
  private final String path;
  private final String protocol;
  private final Set<ResponseFlag> flags = EnumSet.noneOf(ResponseFlag.class);
  private int responseCode;
  private String routeName = "";
  private String upstreamCluster = "";
  private String upstreamHost = "";
  private long bytesReceived;
  private long bytesSent;
  private long upstreamStartNanos = -1;
  private long upstreamServiceNanos = -1;
  private int attempts;
  private String responseCodeDetails = "";
  private String rbacAudit = "";
  private String upstreamTransportFailureReason = "";
  private boolean ended;
  private @Nullable DownstreamPeer peer;

  /** @param startNanos {@link System#nanoTime()} when the request head arrived */
  public RequestLog(
      Instant startTime, long startNanos, String method, String authority, String path,
      String protocol) {
    this.startTime = requireNonNull(startTime, "startTime");
    this.startNanos = startNanos;
    this.method = requireNonNull(method, "method");
    this.authority = requireNonNull(authority, "authority");
    this.path = requireNonNull(path, "path");
    this.protocol = requireNonNull(protocol, "protocol");
  }

  public void flag(ResponseFlag flag) {
    flags.add(flag);
  }

  public Set<ResponseFlag> flags() {
    return Set.copyOf(flags);
  }

  public void responseCode(int code) {
    responseCode = code;
  }

  public void route(String name, String cluster) {
    routeName = requireNonNull(name, "name");
    upstreamCluster = requireNonNull(cluster, "cluster");
  }

  /** Envoy's {@code response_code_details}, e.g. why RBAC denied the request. */
  public void responseCodeDetails(String details) {
    responseCodeDetails = requireNonNull(details, "details");
  }

  /** The policy an RBAC LOG filter matched (the first one, when several did). */
  public void rbacAudit(String policy) {
    if (rbacAudit.isEmpty()) {
      rbacAudit = requireNonNull(policy, "policy");
    }
  }

  /** Envoy's {@code upstream_transport_failure_reason}: why a try's upstream TLS failed (the last). */
  public void upstreamTransportFailureReason(String reason) {
    upstreamTransportFailureReason = requireNonNull(reason, "reason");
  }

  /** An attempt to {@code host} (its {@code address:port}) begins. */
  public void attempt(String host, long nowNanos) {
    upstreamHost = requireNonNull(host, "host");
    attempts++;
    if (upstreamStartNanos < 0) {
      upstreamStartNanos = nowNanos;
    }
  }

  /** The response head that goes downstream arrived from the upstream. */
  public void upstreamResponded(long nowNanos) {
    if (upstreamStartNanos >= 0) {
      upstreamServiceNanos = nowNanos - upstreamStartNanos;
    }
  }

  public void received(long bytes) {
    bytesReceived += bytes;
  }

  public void sent(long bytes) {
    bytesSent += bytes;
  }

  /** The TLS peer of the downstream connection; null for plaintext. */
  public void peer(@Nullable DownstreamPeer peer) {
    this.peer = peer;
  }

  /** True the first time only: a request is logged once, however it ends. */
  public boolean end() {
    boolean first = !ended;
    ended = true;
    return first;
  }

  /** The JSON line, {@code nowNanos} being when the request ended. */
  public String toJson(long nowNanos) {
    Json json = new Json();
    json.field("start_time", startTime.toString());
    json.field("method", method);
    json.field("authority", authority);
    json.field("path", path);
    json.field("protocol", protocol);
    json.field("response_code", responseCode);
    json.field("response_flags", flagText());
    json.field("route_name", routeName);
    json.field("upstream_cluster", upstreamCluster);
    json.field("upstream_host", upstreamHost);
    json.field("bytes_received", bytesReceived);
    json.field("bytes_sent", bytesSent);
    json.field("duration_ms", (nowNanos - startNanos) / 1_000_000);
    json.field(
        "upstream_service_time_ms",
        upstreamServiceNanos < 0 ? -1 : upstreamServiceNanos / 1_000_000);
    json.field("attempts", attempts);
    if (!responseCodeDetails.isEmpty()) {
      json.field("response_code_details", responseCodeDetails);
    }
    if (!rbacAudit.isEmpty()) {
      json.field("rbac_audit", rbacAudit);
    }
    if (!upstreamTransportFailureReason.isEmpty()) {
      json.field("upstream_transport_failure_reason", upstreamTransportFailureReason);
    }
    ConnectionLog.peerFields(json, peer);
    return json.end();
  }

  /** Envoy's format: the flags joined with {@code ,}, or {@code -} for none. */
  public String flagText() {
    if (flags.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    for (ResponseFlag f : flags) {
      b.append(b.length() == 0 ? "" : ",").append(f.name());
    }
    return b.toString();
  }
}
