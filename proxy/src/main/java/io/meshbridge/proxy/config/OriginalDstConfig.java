package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An {@code ORIGINAL_DST} cluster's {@code original_dst_lb_config} and {@code cleanup_interval}:
 * where a request's upstream address comes from, and how long an unused host is kept.
 *
 * @param useHttpHeader whether an HTTP request may name its upstream {@code ip:port} in {@link
 *     #httpHeaderName}
 * @param httpHeaderName the header; Envoy's default {@code x-envoy-original-dst-host}
 * @param portOverride when not null, the port used whatever the original destination's
 * @param cleanupInterval how long a host created on demand is kept unused (Envoy: 5 s)
 */
public record OriginalDstConfig(
    boolean useHttpHeader,
    String httpHeaderName,
    @Nullable Integer portOverride,
    Duration cleanupInterval) {

  /** Envoy's default header. */
  public static final String DEFAULT_HEADER = "x-envoy-original-dst-host";

  /** Envoy's default {@code cleanup_interval}. */
  public static final Duration DEFAULT_CLEANUP = Duration.ofSeconds(5);

  public OriginalDstConfig {
    requireNonNull(httpHeaderName, "httpHeaderName");
    requireNonNull(cleanupInterval, "cleanupInterval");
    if (httpHeaderName.isEmpty()) {
      throw new IllegalArgumentException("httpHeaderName: '' (expected: a header name)");
    }
    if (portOverride != null && (portOverride < 1 || portOverride > 65535)) {
      throw new IllegalArgumentException("portOverride: " + portOverride + " (expected: 1..65535)");
    }
    if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
      throw new IllegalArgumentException(
          "cleanupInterval: " + cleanupInterval + " (expected: a positive duration)");
    }
  }
}
