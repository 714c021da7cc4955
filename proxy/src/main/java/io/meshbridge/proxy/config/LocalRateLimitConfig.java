package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A route's local rate limit (Envoy's {@code LocalRateLimit} per route): a token bucket of {@code
 * maxTokens}, refilled with {@code tokensPerFill} every {@code fillInterval}; a request takes a
 * token or is refused with 429.
 *
 * @param statPrefix the {@code stat_prefix} label of the rate limit's stats
 * @param enabled the fraction of requests the limit is checked for
 * @param enforced the fraction of checked requests that are refused when no token is left (the
 *     others are only counted)
 */
public record LocalRateLimitConfig(
    String statPrefix,
    long maxTokens,
    long tokensPerFill,
    Duration fillInterval,
    Fraction enabled,
    Fraction enforced) {

  public LocalRateLimitConfig {
    requireNonNull(statPrefix, "statPrefix");
    requireNonNull(fillInterval, "fillInterval");
    requireNonNull(enabled, "enabled");
    requireNonNull(enforced, "enforced");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens: " + maxTokens + " (expected: >= 1)");
    }
    if (tokensPerFill < 1) {
      throw new IllegalArgumentException("tokensPerFill: " + tokensPerFill + " (expected: >= 1)");
    }
    if (fillInterval.toMillis() < 50) {
      throw new IllegalArgumentException(
          "fillInterval: " + fillInterval + " (expected: >= 50ms, as Envoy)");
    }
  }
}
