package io.meshbridge.proxy.dataplane.lb;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Per-host load of one cluster's endpoint list, shared by every event loop and lock-free: active
 * requests (LEAST_REQUEST, PEAK_EWMA) and the peak-EWMA round-trip time (PEAK_EWMA). Balancers
 * rebuilt after an ejection read the same instance, so counts survive them.
 */
public final class HostLoad {

  private final AtomicIntegerArray active;
  /** Peak EWMA of the latency in nanos, as {@code double} bits; 0 = no sample yet. */
  private final AtomicLongArray ewma;
  private final AtomicLongArray stamp;
  private final double decayNanos;
  private final LongSupplier nanoTime;

  public HostLoad(int size, long decayNanos, LongSupplier nanoTime) {
    this.active = new AtomicIntegerArray(size);
    this.ewma = new AtomicLongArray(size);
    this.stamp = new AtomicLongArray(size);
    this.decayNanos = decayNanos;
    this.nanoTime = nanoTime;
  }

  public void started(int index) {
    active.incrementAndGet(index);
  }

  public void finished(int index) {
    active.decrementAndGet(index);
  }

  public int active(int index) {
    return active.get(index);
  }

  /**
   * Records one round trip: a sample above the average replaces it (the peak), one below decays
   * it towards the sample with weight {@code exp(-elapsed/decay)} (Finagle's PeakEwma).
   */
  public void latency(int index, long rttNanos) {
    long now = nanoTime.getAsLong();
    double rtt = Math.max(0, rttNanos);
    while (true) {
      long bits = ewma.get(index);
      double cost = Double.longBitsToDouble(bits);
      double next;
      if (bits == 0 || rtt > cost) {
        next = rtt;
      } else {
        long elapsed = Math.max(0, now - stamp.get(index));
        double w = Math.exp(-elapsed / decayNanos);
        next = cost * w + rtt * (1 - w);
      }
      if (ewma.compareAndSet(index, bits, Double.doubleToRawLongBits(next))) {
        stamp.set(index, now);
        return;
      }
    }
  }

  /**
   * The average decayed to now (towards 0, as Linkerd: a host not heard from for a while gets
   * another chance) × (active + 1). A host without a sample costs only its active requests.
   */
  public double cost(int index) {
    double rtt = Double.longBitsToDouble(ewma.get(index));
    long elapsed = Math.max(0, nanoTime.getAsLong() - stamp.get(index));
    double decayed = rtt * Math.exp(-elapsed / decayNanos);
    return (decayed + 1) * (active.get(index) + 1);
  }
}
