package io.meshbridge.proxy.dataplane.lb;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.OutlierDetectionConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's consecutive-error outlier detection for one cluster. Event loops {@link #report} each
 * attempt's outcome (a connect failure counts as 503, a timeout as 504, as Envoy does without
 * {@code split_external_local_origin_errors}); a host reaching {@code consecutive_5xx} or {@code
 * consecutive_gateway_failure} is ejected at once (if the enforcing percentage allows and no more
 * than {@code max_ejection_percent} of hosts would be ejected, one host always may be), for {@code
 * base_ejection_time × times ejected} (capped by {@code max_ejection_time}). Every {@code
 * interval} {@link #onInterval} returns hosts whose time is up and lets the multiplier of healthy
 * hosts decay.
 *
 * <p>All state but the per-host counters is confined to one serializing executor (the data
 * plane's control thread, which also builds snapshots); time comes from an injected ticker.
 */
public final class OutlierDetector {

  private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

  private final String cluster;
  private final Executor serial;
  private final LongSupplier nanoTime;
  private final AtomicInteger ejectedGauge;
  private final LongAdder ejectionsTotal;
  private volatile OutlierDetectionConfig config;
  // Confined to serial.
  private Map<String, HostHealth> hosts = new HashMap<>();
  private Runnable onChange = () -> {};

  /**
   * @param ejectedGauge set to the number of ejected hosts ({@code
   *     outlier_detection_ejections_active})
   * @param ejectionsTotal counts ejections ({@code outlier_detection_ejections_total})
   */
  public OutlierDetector(
      String cluster,
      OutlierDetectionConfig config,
      Executor serial,
      LongSupplier nanoTime,
      AtomicInteger ejectedGauge,
      LongAdder ejectionsTotal) {
    this.cluster = requireNonNull(cluster, "cluster");
    this.config = requireNonNull(config, "config");
    this.serial = requireNonNull(serial, "serial");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.ejectedGauge = requireNonNull(ejectedGauge, "ejectedGauge");
    this.ejectionsTotal = requireNonNull(ejectionsTotal, "ejectionsTotal");
  }

  public OutlierDetectionConfig config() {
    return config;
  }

  /** A new config for the same cluster: hosts keep their state. On the serial executor. */
  public void update(OutlierDetectionConfig next) {
    config = requireNonNull(next, "next");
  }

  /**
   * The cluster's hosts are now {@code addresses}: their states, existing ones kept, others
   * dropped. {@code changed} runs (on the serial executor) whenever an ejection starts or ends.
   * Call on the serial executor.
   */
  public HostHealth[] track(List<String> addresses, Runnable changed) {
    Map<String, HostHealth> next = new HashMap<>();
    HostHealth[] states = new HostHealth[addresses.size()];
    for (int i = 0; i < states.length; i++) {
      String a = addresses.get(i);
      HostHealth h = next.get(a);
      if (h == null) {
        h = hosts.getOrDefault(a, new HostHealth(a));
        next.put(a, h);
      }
      states[i] = h;
    }
    hosts = next;
    onChange = requireNonNull(changed, "changed");
    ejectedGauge.set(ejectedCount());
    return states;
  }

  /** One attempt's outcome on {@code host}: an HTTP status. Lock-free; any thread. */
  public void report(HostHealth host, int status) {
    OutlierDetectionConfig c = config;
    if (status >= 500 && status <= 599) {
      if (host.consecutive5xx.incrementAndGet() == c.consecutive5xx()) {
        onSerial(() -> detected(host, c.enforcingConsecutive5xx(), "consecutive 5xx"));
      }
      boolean gateway = status == 502 || status == 503 || status == 504;
      if (!gateway) {
        host.consecutiveGateway.set(0);
      } else if (host.consecutiveGateway.incrementAndGet() == c.consecutiveGatewayFailure()) {
        onSerial(
            () ->
                detected(
                    host, c.enforcingConsecutiveGatewayFailure(), "consecutive gateway failure"));
      }
    } else {
      host.consecutive5xx.set(0);
      host.consecutiveGateway.set(0);
    }
  }

  private void onSerial(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("Cluster {}: detection after the data plane closed, ignored", cluster, e);
    }
  }

  /** Returns hosts whose ejection is over; ages the multiplier of the others. On serial. */
  public void onInterval() {
    long now = nanoTime.getAsLong();
    boolean changed = false;
    for (HostHealth h : hosts.values()) {
      if (h.ejected) {
        if (now - h.ejectedAtNanos >= ejectionNanos(h)) {
          h.ejected = false;
          h.consecutive5xx.set(0);
          h.consecutiveGateway.set(0);
          changed = true;
          log.info("Cluster {}: host {} returns after its ejection", cluster, h.address);
        }
      } else if (h.timesEjected > 0) {
        h.timesEjected--;
      }
    }
    if (changed) {
      onChange.run();
      ejectedGauge.set(ejectedCount());
    }
  }

  /** The hosts ejected now, for tests and diagnostics. On serial. */
  public List<String> ejected() {
    List<String> out = new ArrayList<>();
    hosts.values().forEach(h -> {
      if (h.ejected) {
        out.add(h.address);
      }
    });
    return out;
  }

  private void detected(HostHealth host, int enforcing, String why) {
    if (host.ejected || hosts.get(host.address) != host) {
      return; // already out, or no longer a host of this cluster
    }
    int ejected = ejectedCount();
    int max = config.maxEjectionPercent();
    boolean room = ejected == 0 || (ejected + 1) * 100L <= (long) max * hosts.size();
    if (!room || ThreadLocalRandom.current().nextInt(100) >= enforcing) {
      host.consecutive5xx.set(0);
      host.consecutiveGateway.set(0);
      return;
    }
    host.ejected = true;
    host.ejectedAtNanos = nanoTime.getAsLong();
    host.timesEjected++;
    onChange.run(); // balancers skip the host before the stats say so
    ejectionsTotal.increment();
    ejectedGauge.set(ejected + 1);
    log.info(
        "Cluster {}: host {} ejected ({}) for {} ms", cluster, host.address, why,
        ejectionNanos(host) / 1_000_000);
  }

  private long ejectionNanos(HostHealth h) {
    OutlierDetectionConfig c = config;
    long base = c.baseEjectionTime().toNanos();
    long max = Math.max(base, c.maxEjectionTime().toNanos());
    return Math.min(max, base * Math.max(1, h.timesEjected));
  }

  private int ejectedCount() {
    int n = 0;
    for (HostHealth h : hosts.values()) {
      if (h.ejected) {
        n++;
      }
    }
    return n;
  }
}
