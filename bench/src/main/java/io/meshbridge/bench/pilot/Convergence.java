package io.meshbridge.bench.pilot;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * When each churn tick reached each simulated proxy. A proxy that ACKs a push whose clock says tick
 * {@code t} has every change up to {@code t} (a snapshot is consistent), so it reached every tick
 * after its previous one at that moment.
 *
 * <p>Called from the proxies' gRPC threads and the pilot reader thread; the monitor guards all
 * state (a few calls per proxy per second, so contention is negligible).
 */
final class Convergence {

  private final long[] publishedAt; // epoch µs per tick, 0 = not yet heard
  private final long[][] reachedAt; // [proxy][tick] epoch µs, 0 = not yet
  private final long[] lastTick;
  private long lastPublished;

  Convergence(int proxies, int maxTicks) {
    publishedAt = new long[maxTicks + 1];
    reachedAt = new long[proxies][maxTicks + 1];
    lastTick = new long[proxies];
  }

  synchronized void published(long tick, long epochMicros) {
    if (tick < publishedAt.length) {
      publishedAt[(int) tick] = epochMicros;
      lastPublished = Math.max(lastPublished, tick);
    }
  }

  synchronized void acked(int proxy, long tick, long epochMicros) {
    long upTo = Math.min(tick, publishedAt.length - 1);
    for (long t = lastTick[proxy] + 1; t <= upTo; t++) {
      reachedAt[proxy][(int) t] = epochMicros;
    }
    lastTick[proxy] = Math.max(lastTick[proxy], upTo);
  }

  /** Proxies that have not yet ACKed the last published tick. */
  synchronized int behind() {
    return (int) Arrays.stream(lastTick).filter(t -> t < lastPublished).count();
  }

  /**
   * Per tick, the time until the last proxy had it (µs); ticks some proxy never got are left out.
   */
  synchronized Histogram allProxies() {
    Histogram h = new Histogram(3);
    for (int t = 1; t <= lastPublished; t++) {
      long latest = 0;
      boolean everyone = true;
      for (long[] proxy : reachedAt) {
        everyone &= proxy[t] != 0;
        latest = Math.max(latest, proxy[t]);
      }
      if (everyone && publishedAt[t] != 0) {
        h.recordValue(Math.max(0, latest - publishedAt[t]));
      }
    }
    return h;
  }

  /** Per tick and proxy, the time until that proxy had it (µs). */
  synchronized Histogram eachProxy() {
    Histogram h = new Histogram(3);
    for (int t = 1; t <= lastPublished; t++) {
      for (long[] proxy : reachedAt) {
        if (proxy[t] != 0 && publishedAt[t] != 0) {
          h.recordValue(Math.max(0, proxy[t] - publishedAt[t]));
        }
      }
    }
    return h;
  }

  /** Ticks published that not every proxy reached. */
  synchronized long missed() {
    long missed = 0;
    for (int t = 1; t <= lastPublished; t++) {
      for (long[] proxy : reachedAt) {
        if (proxy[t] == 0) {
          missed++;
          break;
        }
      }
    }
    return missed;
  }
}
