package io.meshbridge.proxy.dataplane.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.OutlierDetectionConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Envoy's consecutive-error detection, driven by hand with a fake ticker (no sleeps). */
class OutlierDetectorTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder total = new LongAdder();
  private final AtomicInteger changes = new AtomicInteger();

  private OutlierDetector detector(
      int consecutive5xx, int gateway, int enforceGateway, int maxPct) {
    return new OutlierDetector(
        "c",
        new OutlierDetectionConfig(consecutive5xx, gateway, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), maxPct, 100, enforceGateway),
        Runnable::run, now::get, active, total);
  }

  private HostHealth[] track(OutlierDetector d, String... hosts) {
    return d.track(List.of(hosts), changes::incrementAndGet);
  }

  private void after(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void consecutive5xxEjectsAndTheHostReturnsAfterTheBaseTime() {
    OutlierDetector d = detector(3, 5, 0, 50);
    HostHealth[] h = track(d, "a:80", "b:80");

    d.report(h[0], 500);
    d.report(h[0], 500);
    d.report(h[0], 200); // a success resets the run
    d.report(h[0], 500);
    d.report(h[0], 500);
    assertThat(h[0].ejected()).isFalse();
    d.report(h[0], 500);
    assertThat(h[0].ejected()).isTrue();
    assertThat(changes).hasValue(1);
    assertThat(active).hasValue(1);
    assertThat(total.sum()).isEqualTo(1);

    after(Duration.ofSeconds(29));
    d.onInterval();
    assertThat(h[0].ejected()).as("29 s < 30 s").isTrue();
    after(Duration.ofSeconds(1));
    d.onInterval();
    assertThat(h[0].ejected()).isFalse();
    assertThat(active).hasValue(0);
    assertThat(changes).hasValue(2);
  }

  @Test
  void aSecondEjectionLastsTwiceAsLongAndTheMultiplierDecays() {
    OutlierDetector d = detector(1, 5, 0, 50);
    HostHealth[] h = track(d, "a:80", "b:80");
    d.report(h[0], 503);
    after(Duration.ofSeconds(30));
    d.onInterval();
    d.report(h[0], 503);
    assertThat(h[0].ejected()).isTrue();
    after(Duration.ofSeconds(59));
    d.onInterval();
    assertThat(h[0].ejected()).as("2 × 30 s").isTrue();
    after(Duration.ofSeconds(1));
    d.onInterval();
    assertThat(h[0].ejected()).isFalse();

    d.onInterval(); // healthy intervals: multiplier 2 → 0
    d.onInterval();
    d.report(h[0], 503);
    after(Duration.ofSeconds(30));
    d.onInterval();
    assertThat(h[0].ejected()).as("back to 1 × 30 s").isFalse();
  }

  @Test
  void gatewayFailuresAndConnectFailuresCountWhenEnforced() {
    OutlierDetector notEnforced = detector(100, 2, 0, 50);
    HostHealth[] h = track(notEnforced, "a:80", "b:80");
    notEnforced.report(h[0], 502);
    notEnforced.report(h[0], 504);
    assertThat(h[0].ejected()).as("enforcing_consecutive_gateway_failure 0").isFalse();

    OutlierDetector enforced = detector(100, 2, 100, 50);
    HostHealth[] g = track(enforced, "a:80", "b:80");
    enforced.report(g[0], 503);
    enforced.report(g[0], 500); // not a gateway error: breaks the run
    enforced.report(g[0], 503);
    assertThat(g[0].ejected()).isFalse();
    enforced.report(g[0], 503);
    assertThat(g[0].ejected()).isTrue();
  }

  @Test
  void neverMoreThanMaxEjectionPercentButAlwaysOne() {
    OutlierDetector d = detector(1, 5, 0, 10);
    HostHealth[] h = track(d, "a:80", "b:80", "c:80");
    d.report(h[0], 500);
    d.report(h[1], 500);
    assertThat(h[0].ejected()).as("10 % of 3 hosts is 0, but one host may always go").isTrue();
    assertThat(h[1].ejected()).isFalse();

    OutlierDetector half = detector(1, 5, 0, 50);
    HostHealth[] four = track(half, "a:80", "b:80", "c:80", "d:80");
    for (HostHealth x : four) {
      half.report(x, 500);
    }
    assertThat(half.ejected()).hasSize(2);
  }

  @Test
  void stateIsKeptByAddressAcrossEndpointUpdates() {
    OutlierDetector d = detector(1, 5, 0, 50);
    HostHealth[] h = track(d, "a:80", "b:80");
    d.report(h[0], 500);
    HostHealth[] next = track(d, "c:80", "a:80", "b:80");
    assertThat(next[1]).isSameAs(h[0]);
    assertThat(next[1].ejected()).isTrue();

    track(d, "b:80", "c:80");
    assertThat(d.ejected()).as("a host that left is forgotten").isEmpty();
    assertThat(active).hasValue(0);
  }
}
