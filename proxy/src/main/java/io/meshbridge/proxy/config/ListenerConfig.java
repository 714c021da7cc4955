package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * An HTTP/1.1 listener: where to accept connections and which route table decides where each
 * request goes.
 *
 * @param name the xDS listener name
 * @param host the IP literal to bind
 * @param port the port to bind
 * @param routeConfigName the RDS route table this listener routes with
 * @param statPrefix prefix for this listener's stats (HttpConnectionManager's {@code stat_prefix})
 */
public record ListenerConfig(
    String name, String host, int port, String routeConfigName, String statPrefix) {

  public ListenerConfig {
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(routeConfigName, "routeConfigName");
    requireNonNull(statPrefix, "statPrefix");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
