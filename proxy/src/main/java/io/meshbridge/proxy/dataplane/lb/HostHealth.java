package io.meshbridge.proxy.dataplane.lb;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One host's outlier-detection state, keyed by its address in an {@link OutlierDetector}, so it
 * survives EDS updates that keep the host. The counters are updated lock-free by every event loop;
 * the ejection fields only on the detector's serializing executor ({@link #ejected} is read by
 * anyone).
 */
public final class HostHealth {

  final String address;
  final AtomicInteger consecutive5xx = new AtomicInteger();
  final AtomicInteger consecutiveGateway = new AtomicInteger();
  volatile boolean ejected;
  // Confined to the detector's executor.
  long ejectedAtNanos;
  int timesEjected;

  HostHealth(String address) {
    this.address = address;
  }

  /** Whether balancers skip this host now. */
  public boolean ejected() {
    return ejected;
  }

  @Override
  public String toString() {
    return address + (ejected ? " (ejected)" : "");
  }
}
