package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link EurekaRegistrar} registers into Eureka.
 *
 * @param serviceUrls Eureka servers, tried in order with failover
 * @param renewalInterval how often the lease is renewed (Eureka's {@code
 *     leaseRenewalIntervalInSeconds}, default 30 s); whole seconds
 * @param leaseDuration how long Eureka keeps an instance that stopped renewing (Eureka's {@code
 *     leaseExpirationDurationInSeconds}, default 90 s); whole seconds, longer than the interval
 * @param requestTimeout how long one request to one server may take (default 5 s)
 */
public record EurekaRegistrarConfig(
    List<URI> serviceUrls,
    Duration renewalInterval,
    Duration leaseDuration,
    Duration requestTimeout) {

  public static final Duration DEFAULT_RENEWAL_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(90);

  /**
   * @throws IllegalArgumentException naming the field and what was expected
   */
  public EurekaRegistrarConfig {
    requireNonNull(serviceUrls, "serviceUrls");
    requireNonNull(renewalInterval, "renewalInterval");
    requireNonNull(leaseDuration, "leaseDuration");
    requireNonNull(requestTimeout, "requestTimeout");
    serviceUrls = ServiceUrls.normalize(serviceUrls);
    checkSeconds("renewalInterval", renewalInterval);
    checkSeconds("leaseDuration", leaseDuration);
    if (leaseDuration.compareTo(renewalInterval) <= 0) {
      throw new IllegalArgumentException(
          "leaseDuration: "
              + leaseDuration
              + " (expected: longer than renewalInterval "
              + renewalInterval
              + ")");
    }
    ServiceUrls.checkDuration(
        "requestTimeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
  }

  /** Eureka's defaults: renew every 30 s, expire after 90 s; 5 s per request. */
  public static EurekaRegistrarConfig of(List<URI> serviceUrls) {
    return new EurekaRegistrarConfig(
        serviceUrls,
        DEFAULT_RENEWAL_INTERVAL,
        DEFAULT_LEASE_DURATION,
        EurekaRegistryConfig.DEFAULT_REQUEST_TIMEOUT);
  }

  public EurekaRegistrarConfig withLease(Duration renewal, Duration duration) {
    return new EurekaRegistrarConfig(serviceUrls, renewal, duration, requestTimeout);
  }

  public EurekaRegistrarConfig withRequestTimeout(Duration value) {
    return new EurekaRegistrarConfig(serviceUrls, renewalInterval, leaseDuration, value);
  }

  private static void checkSeconds(String field, Duration value) {
    ServiceUrls.checkDuration(field, value, Duration.ofSeconds(1), Duration.ofHours(1));
    if (value.getNano() != 0) {
      throw new IllegalArgumentException(
          field + ": " + value + " (expected: whole seconds, as Eureka's leaseInfo holds)");
    }
  }
}
