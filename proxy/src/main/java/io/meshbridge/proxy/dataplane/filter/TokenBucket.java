package io.meshbridge.proxy.dataplane.filter;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Envoy's token bucket: starts full with {@code maxTokens}; every {@code fillIntervalNanos} adds
 * {@code tokensPerFill}, never above {@code maxTokens}. Shared by every event loop and lock-free
 * (one compare-and-set per take); time comes from an injected ticker.
 */
public final class TokenBucket {

  private record State(long tokens, long lastFill) {}

  private final long maxTokens;
  private final long tokensPerFill;
  private final long fillIntervalNanos;
  private final LongSupplier ticker;
  private final AtomicReference<State> state;

  /** @param ticker nanoseconds, as {@link System#nanoTime()} */
  public TokenBucket(long maxTokens, long tokensPerFill, long fillIntervalNanos, LongSupplier ticker) {
    if (maxTokens < 1 || tokensPerFill < 1 || fillIntervalNanos < 1) {
      throw new IllegalArgumentException(
          "maxTokens " + maxTokens + ", tokensPerFill " + tokensPerFill + ", fillIntervalNanos "
              + fillIntervalNanos + " (expected: all >= 1)");
    }
    this.maxTokens = maxTokens;
    this.tokensPerFill = tokensPerFill;
    this.fillIntervalNanos = fillIntervalNanos;
    this.ticker = ticker;
    this.state = new AtomicReference<>(new State(maxTokens, ticker.getAsLong()));
  }

  /** Takes a token: true when there was one. */
  public boolean tryTake() {
    while (true) {
      State s = state.get();
      State filled = refill(s, ticker.getAsLong());
      boolean took = filled.tokens > 0;
      State next = took ? new State(filled.tokens - 1, filled.lastFill) : filled;
      if (next.equals(s) || state.compareAndSet(s, next)) {
        return took;
      }
    }
  }

  /** Tokens available now (for tests and diagnostics). */
  public long available() {
    return refill(state.get(), ticker.getAsLong()).tokens;
  }

  private State refill(State s, long now) {
    long fills = (now - s.lastFill) / fillIntervalNanos;
    if (fills <= 0) {
      return s;
    }
    long room = maxTokens - s.tokens;
    long added = fills >= (room + tokensPerFill - 1) / tokensPerFill ? room : fills * tokensPerFill;
    return new State(s.tokens + added, s.lastFill + fills * fillIntervalNanos);
  }
}
