package io.meshbridge.registry.consul;

/**
 * A token bucket with a burst of 2, as Consul's blocking-query guidance recommends: a watch sends
 * its next request at once in the happy case, and only when results churn does it slow down to one
 * request per {@code intervalNanos}. Not thread-safe; owned by one watch on the registry's thread.
 */
final class RateLimiter {

  static final int BURST = 2;

  private final long intervalNanos;
  private double tokens = BURST;
  private long lastNanos;

  RateLimiter(long intervalNanos, long nowNanos) {
    this.intervalNanos = intervalNanos;
    this.lastNanos = nowNanos;
  }

  /** How long to wait before a request may go: 0 if now. */
  long delayNanos(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) ((1 - tokens) * intervalNanos);
  }

  /** Takes a token for a request sent now; call only when {@link #delayNanos} is 0. */
  void take(long nowNanos) {
    refill(nowNanos);
    tokens -= 1;
  }

  private void refill(long nowNanos) {
    if (intervalNanos <= 0) {
      tokens = BURST;
      return;
    }
    tokens = Math.min(BURST, tokens + (double) (nowNanos - lastNanos) / intervalNanos);
    lastNanos = nowNanos;
  }
}
