package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An HTTP/1.1 listener: where to accept connections and which route table decides where each
 * request goes.
 *
 * @param name the xDS listener name
 * @param host the IP literal to bind
 * @param port the port to bind
 * @param routeConfigName the RDS route table this listener routes with
 * @param statPrefix prefix for this listener's stats (HttpConnectionManager's {@code stat_prefix})
 * @param httpFilters the HTTP filters before the router, in order
 */
public record ListenerConfig(
    String name,
    String host,
    int port,
    String routeConfigName,
    String statPrefix,
    List<HttpFilter> httpFilters) {

  /** A listener whose only HTTP filter is the router. */
  public ListenerConfig(
      String name, String host, int port, String routeConfigName, String statPrefix) {
    this(name, host, port, routeConfigName, statPrefix, List.of());
  }

  public ListenerConfig {
    httpFilters = List.copyOf(httpFilters);
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(routeConfigName, "routeConfigName");
    requireNonNull(statPrefix, "statPrefix");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
