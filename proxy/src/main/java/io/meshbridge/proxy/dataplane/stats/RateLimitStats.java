package io.meshbridge.proxy.dataplane.stats;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One local rate limit's series, labelled {@code stat_prefix=<prefix>} (Envoy's {@code
 * <stat_prefix>.http_local_rate_limit.*}).
 */
public final class RateLimitStats {

  private final LongAdder enabled;
  private final LongAdder enforced;
  private final LongAdder rateLimited;
  private final LongAdder ok;

  RateLimitStats(StatsRegistry registry, String statPrefix) {
    Map<String, String> labels = Map.of("stat_prefix", statPrefix);
    enabled =
        registry.counter(
            "http_local_rate_limit_enabled_total", "Requests the rate limit checked.", labels);
    enforced =
        registry.counter(
            "http_local_rate_limit_enforced_total", "Requests refused with 429.", labels);
    rateLimited =
        registry.counter(
            "http_local_rate_limit_rate_limited_total",
            "Checked requests that found no token (refused or not).",
            labels);
    ok = registry.counter("http_local_rate_limit_ok_total", "Checked requests that got a token.", labels);
  }

  public LongAdder enabled() {
    return enabled;
  }

  public LongAdder enforced() {
    return enforced;
  }

  public LongAdder rateLimited() {
    return rateLimited;
  }

  public LongAdder ok() {
    return ok;
  }
}
