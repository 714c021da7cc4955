package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.ServiceKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link EurekaRegistry} reads Eureka.
 *
 * @param id the registry adapter's id, e.g. {@code eureka-east}
 * @param serviceUrls Eureka servers, tried in order with failover, e.g. {@code
 *     http://eureka-1:8761/eureka/}
 * @param fetchInterval how often deltas are fetched (Eureka's {@code registryFetchIntervalSeconds},
 *     default 30 s)
 * @param namespace the mesh namespace of every service read (default {@code default})
 * @param requestTimeout how long one request to one server may take (connect and answer, default 5
 *     s)
 */
public record EurekaRegistryConfig(
    String id,
    List<URI> serviceUrls,
    Duration fetchInterval,
    String namespace,
    Duration requestTimeout) {

  public static final Duration DEFAULT_FETCH_INTERVAL = Duration.ofSeconds(30);
  public static final String DEFAULT_NAMESPACE = "default";
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @throws IllegalArgumentException naming the field and what was expected
   */
  public EurekaRegistryConfig {
    requireNonNull(id, "id");
    requireNonNull(serviceUrls, "serviceUrls");
    requireNonNull(fetchInterval, "fetchInterval");
    requireNonNull(namespace, "namespace");
    requireNonNull(requestTimeout, "requestTimeout");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: '' (expected: a non-blank registry id)");
    }
    serviceUrls = ServiceUrls.normalize(serviceUrls);
    ServiceUrls.checkDuration(
        "fetchInterval", fetchInterval, Duration.ofMillis(100), Duration.ofHours(1));
    ServiceUrls.checkDuration(
        "requestTimeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
    ServiceKey.of(
        namespace, "check"); // throws "namespace: 'X' (expected: a lowercase DNS label...)"
  }

  /** The defaults: fetch every 30 s, namespace {@code default}, 5 s per request. */
  public static EurekaRegistryConfig of(String id, List<URI> serviceUrls) {
    return new EurekaRegistryConfig(
        id, serviceUrls, DEFAULT_FETCH_INTERVAL, DEFAULT_NAMESPACE, DEFAULT_REQUEST_TIMEOUT);
  }

  public EurekaRegistryConfig withFetchInterval(Duration value) {
    return new EurekaRegistryConfig(id, serviceUrls, value, namespace, requestTimeout);
  }

  public EurekaRegistryConfig withNamespace(String value) {
    return new EurekaRegistryConfig(id, serviceUrls, fetchInterval, value, requestTimeout);
  }

  public EurekaRegistryConfig withRequestTimeout(Duration value) {
    return new EurekaRegistryConfig(id, serviceUrls, fetchInterval, namespace, value);
  }
}
