package io.meshbridge.proxy.config;

/**
 * Envoy's cluster {@code circuit_breakers.thresholds} at priority DEFAULT: how many connections,
 * requests waiting for a connection, active requests and active retries the whole proxy may have to
 * one cluster at once.
 */
public record CircuitBreakerThresholds(
    int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {

  /** Envoy's default for each threshold. */
  public static final int ENVOY_DEFAULT = 1024;

  public static final CircuitBreakerThresholds DEFAULTS =
      new CircuitBreakerThresholds(ENVOY_DEFAULT, ENVOY_DEFAULT, ENVOY_DEFAULT, ENVOY_DEFAULT);

  public CircuitBreakerThresholds {
    check("maxConnections", maxConnections);
    check("maxPendingRequests", maxPendingRequests);
    check("maxRequests", maxRequests);
    check("maxRetries", maxRetries);
  }

  private static void check(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }
}
