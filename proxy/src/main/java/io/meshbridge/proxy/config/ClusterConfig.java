package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An upstream cluster: how to pick among its endpoints and how long to wait for a connection.
 *
 * @param name the xDS cluster name routes refer to
 * @param edsServiceName the name its endpoints are published under (EDS {@code service_name}, or
 *     the cluster name when that is empty)
 * @param lbPolicy how an endpoint is chosen
 * @param connectTimeout how long a TCP connect to an endpoint may take
 * @param lb the policy-specific settings (ring size, Maglev table size, EWMA decay, locality
 *     weighting)
 * @param circuitBreakers limits on connections, pending requests, requests and retries
 * @param outlierDetection when hosts are ejected; null when the cluster has none
 * @param dns for a {@code STRICT_DNS} cluster, how its endpoints' host names are resolved (its
 *     endpoints are published under {@code edsServiceName}, like a STATIC cluster's); null for
 *     every other type
 * @param httpProtocol upstream HTTP version, requests per connection, idle timeout
 * @param transport TLS or plaintext per endpoint ({@code transport_socket(_matches)})
 * @param originalDst for an {@code ORIGINAL_DST} cluster, where each request's host comes from
 *     (it has no endpoints of its own); null for every other type
 */
public record ClusterConfig(
    String name,
    String edsServiceName,
    LbPolicy lbPolicy,
    Duration connectTimeout,
    LbSettings lb,
    CircuitBreakerThresholds circuitBreakers,
    @Nullable OutlierDetectionConfig outlierDetection,
    @Nullable DnsSettings dns,
    HttpProtocolOptions httpProtocol,
    ClusterTransport transport,
    @Nullable OriginalDstConfig originalDst) {

  /** A cluster that is not {@code ORIGINAL_DST}. */
  public ClusterConfig(
      String name,
      String edsServiceName,
      LbPolicy lbPolicy,
      Duration connectTimeout,
      LbSettings lb,
      CircuitBreakerThresholds circuitBreakers,
      @Nullable OutlierDetectionConfig outlierDetection,
      @Nullable DnsSettings dns,
      HttpProtocolOptions httpProtocol,
      ClusterTransport transport) {
    this(name, edsServiceName, lbPolicy, connectTimeout, lb, circuitBreakers, outlierDetection,
        dns, httpProtocol, transport, null);
  }

  /** A plaintext cluster. */
  public ClusterConfig(
      String name,
      String edsServiceName,
      LbPolicy lbPolicy,
      Duration connectTimeout,
      LbSettings lb,
      CircuitBreakerThresholds circuitBreakers,
      @Nullable OutlierDetectionConfig outlierDetection,
      @Nullable DnsSettings dns,
      HttpProtocolOptions httpProtocol) {
    this(name, edsServiceName, lbPolicy, connectTimeout, lb, circuitBreakers, outlierDetection,
        dns, httpProtocol, ClusterTransport.PLAINTEXT);
  }

  /** A cluster with {@link HttpProtocolOptions#DEFAULT}. */
  public ClusterConfig(
      String name,
      String edsServiceName,
      LbPolicy lbPolicy,
      Duration connectTimeout,
      LbSettings lb,
      CircuitBreakerThresholds circuitBreakers,
      @Nullable OutlierDetectionConfig outlierDetection,
      @Nullable DnsSettings dns) {
    this(name, edsServiceName, lbPolicy, connectTimeout, lb, circuitBreakers, outlierDetection,
        dns, HttpProtocolOptions.DEFAULT);
  }

  /** A cluster whose endpoints are used as given (not a {@code STRICT_DNS} one). */
  public ClusterConfig(
      String name,
      String edsServiceName,
      LbPolicy lbPolicy,
      Duration connectTimeout,
      LbSettings lb,
      CircuitBreakerThresholds circuitBreakers,
      @Nullable OutlierDetectionConfig outlierDetection) {
    this(name, edsServiceName, lbPolicy, connectTimeout, lb, circuitBreakers, outlierDetection,
        null);
  }

  /** A cluster with Envoy's defaults for load balancing, circuit breakers and no detection. */
  public ClusterConfig(
      String name, String edsServiceName, LbPolicy lbPolicy, Duration connectTimeout) {
    this(name, edsServiceName, lbPolicy, connectTimeout, HttpProtocolOptions.DEFAULT);
  }

  /** As {@link #ClusterConfig(String, String, LbPolicy, Duration)} with {@code httpProtocol}. */
  public ClusterConfig(
      String name,
      String edsServiceName,
      LbPolicy lbPolicy,
      Duration connectTimeout,
      HttpProtocolOptions httpProtocol) {
    this(
        name, edsServiceName, lbPolicy, connectTimeout, LbSettings.DEFAULTS,
        CircuitBreakerThresholds.DEFAULTS, null, null, httpProtocol);
  }

  public ClusterConfig {
    requireNonNull(name, "name");
    requireNonNull(edsServiceName, "edsServiceName");
    requireNonNull(lbPolicy, "lbPolicy");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(lb, "lb");
    requireNonNull(circuitBreakers, "circuitBreakers");
    requireNonNull(httpProtocol, "httpProtocol");
    requireNonNull(transport, "transport");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout: " + connectTimeout + " (expected: a positive duration)");
    }
  }

  /** This cluster with {@code transport} instead of its own. */
  public ClusterConfig withTransport(ClusterTransport transport) {
    return new ClusterConfig(name, edsServiceName, lbPolicy, connectTimeout, lb, circuitBreakers,
        outlierDetection, dns, httpProtocol, transport, originalDst);
  }

  /** Load balancing policies the data plane implements. */
  public enum LbPolicy {
    /** Smooth weighted round robin. */
    ROUND_ROBIN,
    /** Power of two choices: of two endpoints drawn by weight, the one with fewer active. */
    LEAST_REQUEST,
    /** An endpoint drawn at random, in proportion to its weight. */
    RANDOM,
    /** Envoy's ketama ring over xxHash64; a request without a hash gets a random endpoint. */
    RING_HASH,
    /** Envoy's Maglev table; a request without a hash gets a random endpoint. */
    MAGLEV,
    /** Power of two choices over peak-EWMA latency × (outstanding + 1) (Linkerd, Finagle). */
    PEAK_EWMA
  }
}
