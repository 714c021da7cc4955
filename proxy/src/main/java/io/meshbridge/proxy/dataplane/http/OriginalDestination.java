package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.OriginalDstConfig;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The host of an {@code ORIGINAL_DST} cluster for one request: the {@code ip:port} in the
 * cluster's header ({@code x-envoy-original-dst-host}) when {@code use_http_header} is on, else the
 * downstream connection's original destination when the listener captured it transparently, with
 * {@code upstream_port_override} applied. Pure; no DNS lookup ever (an IP literal is required).
 */
final class OriginalDestination {

  private OriginalDestination() {}

  /** A host's cluster state, or why there is none ({@link #error} not null). */
  record Result(@Nullable ClusterState cluster, @Nullable String error) {}

  /**
   * @param originalDst the downstream connection's original destination, or null when the
   *     listener did not capture it (not {@code transparent})
   */
  static Result resolve(
      ClusterState cluster, HttpHeaders headers, @Nullable SocketAddress originalDst) {
    OriginalDstConfig od = java.util.Objects.requireNonNull(
        cluster.config().originalDst(), "cluster.config().originalDst()");
    String name = cluster.name();
    if (od.useHttpHeader()) {
      String value = headers.get(od.httpHeaderName());
      if (value != null) {
        HostPort hp = parse(value.trim());
        if (hp == null) {
          return new Result(null, "original destination of cluster '" + name + "': "
              + od.httpHeaderName() + ": '" + value + "' (expected: ip:port, an IP literal)");
        }
        return host(cluster, od, hp.host(), hp.port());
      }
    }
    if (originalDst instanceof InetSocketAddress a && a.getAddress() != null) {
      return host(cluster, od, a.getAddress().getHostAddress(), a.getPort());
    }
    return new Result(null, "no original destination for cluster '" + name + "' (expected: "
        + (od.useHttpHeader() ? "header " + od.httpHeaderName() + ": ip:port, or " : "")
        + "a connection captured by a transparent listener)");
  }

  private static Result host(ClusterState cluster, OriginalDstConfig od, String ip, int port) {
    int p = od.portOverride() != null ? od.portOverride() : port;
    return new Result(cluster.runtime().originalDstHosts().host(cluster, ip, p), null);
  }

  /** {@code a.b.c.d:port} or {@code [v6]:port}; null when it is not that. */
  static @Nullable HostPort parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      return null;
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      return null;
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (port < 1 || port > 65535 || host.isEmpty() || !HostPort.isIpLiteral(host)) {
      return null;
    }
    return new HostPort(host, port);
  }
}
