package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * An upstream cluster: how to pick among its endpoints and how long to wait for a connection.
 *
 * @param name the xDS cluster name routes refer to
 * @param edsServiceName the name its endpoints are published under (EDS {@code service_name}, or
 *     the cluster name when that is empty)
 * @param lbPolicy how an endpoint is chosen
 * @param connectTimeout how long a TCP connect to an endpoint may take
 * @param httpProtocol upstream HTTP version, requests per connection, idle timeout
 */
public record ClusterConfig(
    String name,
    String edsServiceName,
    LbPolicy lbPolicy,
    Duration connectTimeout,
    HttpProtocolOptions httpProtocol) {

  public ClusterConfig {
    requireNonNull(name, "name");
    requireNonNull(edsServiceName, "edsServiceName");
    requireNonNull(lbPolicy, "lbPolicy");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(httpProtocol, "httpProtocol");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout: " + connectTimeout + " (expected: a positive duration)");
    }
  }

  /** A cluster with {@link HttpProtocolOptions#DEFAULT}. */
  public ClusterConfig(
      String name, String edsServiceName, LbPolicy lbPolicy, Duration connectTimeout) {
    this(name, edsServiceName, lbPolicy, connectTimeout, HttpProtocolOptions.DEFAULT);
  }

  /** Load balancing policies the data plane implements. */
  public enum LbPolicy {
    /** Smooth weighted round robin. */
    ROUND_ROBIN,
    /** Power of two choices: of two endpoints drawn by weight, the one with fewer active requests. */
    LEAST_REQUEST,
    /** An endpoint drawn at random, in proportion to its weight. */
    RANDOM
  }
}
