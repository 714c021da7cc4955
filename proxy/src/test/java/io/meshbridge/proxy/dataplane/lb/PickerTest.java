package io.meshbridge.proxy.dataplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.config.LbSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Priorities, overprovisioning, locality weights, ejections and PEAK_EWMA. */
class PickerTest {

  private static final int PICKS = 20_000;
  private final AtomicLong now = new AtomicLong();

  private static EndpointConfig at(int i, String locality, int priority, int localityWeight) {
    return new EndpointConfig(
        "10.0.0." + i, 80, Health.HEALTHY, 1, Map.of(), locality, priority, localityWeight);
  }

  private Picker picker(
      LbPolicy policy, LbSettings settings, List<EndpointConfig> list, boolean... available) {
    String[] keys = list.stream().map(e -> e.host() + ":" + e.port()).toArray(String[]::new);
    return Picker.build(
        policy, settings, list, keys, available, new HostLoad(list.size(), 1_000_000, now::get),
        Picker.totals(list));
  }

  private static double[] shares(Picker p, int size) {
    int[] counts = new int[size];
    for (int i = 0; i < PICKS; i++) {
      counts[p.pick(false, 0)]++;
    }
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = counts[i] / (double) PICKS;
    }
    return out;
  }

  private static final List<EndpointConfig> TWO_LEVELS =
      List.of(at(0, "a", 0, 0), at(1, "a", 0, 0), at(2, "a", 0, 0), at(3, "a", 0, 0),
          at(4, "b", 1, 0), at(5, "b", 1, 0));

  @Test
  void priorityZeroTakesEverythingWhileHealthyEnough() {
    Picker p = picker(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS, TWO_LEVELS,
        true, true, true, false, true, true);
    double[] s = shares(p, 6);
    assertThat(s[4] + s[5]).as("3/4 available × 1.4 ≥ 100 %").isZero();
  }

  @Test
  void whatLevelZeroCannotTakeSpillsOverByTheOverprovisioningFactor() {
    // 2 of 4 available: health 1.4 × 50 % = 70 %, the other 30 % go to priority 1
    Picker p = picker(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS, TWO_LEVELS,
        true, true, false, false, true, true);
    double[] s = shares(p, 6);
    assertThat(s[0] + s[1]).isCloseTo(0.70, within(0.02));
    assertThat(s[4] + s[5]).isCloseTo(0.30, within(0.02));
    assertThat(s[2] + s[3]).as("ejected").isZero();
  }

  @Test
  void endpointsThatDoNotServeTrafficCountInTheirLevelsHealth() {
    List<EndpointConfig> serving = List.of(TWO_LEVELS.get(0), TWO_LEVELS.get(1),
        TWO_LEVELS.get(4), TWO_LEVELS.get(5));
    List<EndpointConfig> all = new java.util.ArrayList<>(serving);
    all.add(new EndpointConfig("10.0.0.8", 80, Health.UNHEALTHY, 1, Map.of(), "a", 0, 0));
    all.add(new EndpointConfig("10.0.0.9", 80, Health.DRAINING, 1, Map.of(), "a", 0, 0));
    String[] keys = serving.stream().map(EndpointConfig::host).toArray(String[]::new);
    Picker p = Picker.build(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS, serving, keys,
        new boolean[] {true, true, true, true}, new HostLoad(4, 1, now::get), Picker.totals(all));
    double[] s = shares(p, 4);
    assertThat(s[0] + s[1]).as("2 of 4 healthy: 70 %").isCloseTo(0.70, within(0.02));
  }

  @Test
  void loadsAreNormalizedWhenTheLevelsTogetherAreUnhealthy() {
    assertThat(Picker.loads(List.of(70, 30))).containsExactly(70, 100);
    assertThat(Picker.loads(List.of(35, 35))).containsExactly(50, 100);
    assertThat(Picker.loads(List.of(100, 100))).containsExactly(100, 100);
    assertThat(Picker.availability(1, 1000)).as("never 0 with a host up").isEqualTo(1);
    assertThat(Picker.availability(3, 4)).isEqualTo(100);
    assertThat(Picker.availability(2, 4)).isEqualTo(70);
  }

  @Test
  void belowThePanicThresholdALevelUsesAllItsHosts() {
    List<EndpointConfig> ten = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(at(i, "", 0, 0));
    }
    boolean[] fourUp = {true, true, true, true, false, false, false, false, false, false};
    double[] panic = shares(picker(LbPolicy.RANDOM, LbSettings.DEFAULTS, ten, fourUp), 10);
    assertThat(panic[9]).as("40 %% available < Envoy's default 50 %%: ejected hosts too")
        .isCloseTo(0.1, within(0.02));
    double[] off = shares(
        picker(LbPolicy.RANDOM, LbSettings.DEFAULTS.withPanicThreshold(0), ten, fourUp), 10);
    assertThat(off[9]).as("threshold 0: no panic").isZero();
    assertThat(off[0]).isCloseTo(0.25, within(0.02));
  }

  @Test
  void inTotalPanicLevelsShareByHostCountAndAThresholdOfZeroLeavesNoHost() {
    boolean[] oneUp = {true, false, false, false, false, false};
    double[] s = shares(picker(LbPolicy.RANDOM, LbSettings.DEFAULTS, TWO_LEVELS, oneUp), 6);
    assertThat(s[0] + s[1] + s[2] + s[3]).as("4 of 6 hosts").isCloseTo(0.667, within(0.02));
    assertThat(s[3]).isCloseTo(0.167, within(0.02));

    double[] p0Only = shares(
        picker(LbPolicy.RANDOM, LbSettings.DEFAULTS.withPanicThreshold(20), TWO_LEVELS, oneUp), 6);
    assertThat(p0Only[0]).as("25 %% ≥ 20 %%: level 0 keeps its one host; level 1 has none up")
        .isEqualTo(1.0);

    Picker none = picker(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS.withPanicThreshold(0),
        List.of(at(0, "", 0, 0)), false);
    assertThat(none.pick(false, 0)).isEqualTo(-1);
  }

  @Test
  void aRetryLeavesOutThePrioritiesItWasToldTo() {
    Picker p = picker(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS, TWO_LEVELS,
        true, true, true, true, true, true);
    for (int i = 0; i < 100; i++) {
      assertThat(p.pick(false, 0, 0b01)).as("priority 0 left out").isIn(4, 5);
      assertThat(p.pick(false, 0, 0b10)).as("priority 1 left out: all of 0").isBetween(0, 3);
      assertThat(p.pick(false, 0, 0b11)).as("every priority left out: none is").isBetween(0, 3);
    }
  }

  @Test
  void whenEveryHostIsEjectedAllAreUsed() {
    Picker p = picker(LbPolicy.RANDOM, LbSettings.DEFAULTS,
        List.of(at(0, "", 0, 0), at(1, "", 0, 0)), false, false);
    double[] s = shares(p, 2);
    assertThat(s[0]).isCloseTo(0.5, within(0.03));
  }

  @Test
  void localityWeightsSplitALevel() {
    List<EndpointConfig> list =
        List.of(at(0, "eu", 0, 3), at(1, "eu", 0, 3), at(2, "us", 0, 1));
    Picker p = picker(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS.withLocalityWeighted(true), list,
        true, true, true);
    double[] s = shares(p, 3);
    assertThat(s[0] + s[1]).isCloseTo(0.75, within(0.02));
    assertThat(s[2]).isCloseTo(0.25, within(0.02));

    Picker unweighted = picker(LbPolicy.ROUND_ROBIN, LbSettings.DEFAULTS, list, true, true, true);
    assertThat(shares(unweighted, 3)[2]).isCloseTo(1 / 3.0, within(0.02));
  }

  @Test
  void aHashedRequestKeepsItsHostAndAnUnhashedOneIsSpread() {
    List<EndpointConfig> list = List.of(at(0, "", 0, 0), at(1, "", 0, 0), at(2, "", 0, 0));
    for (LbPolicy policy : List.of(LbPolicy.RING_HASH, LbPolicy.MAGLEV)) {
      Picker p = picker(policy, LbSettings.DEFAULTS, list, true, true, true);
      long hash = XxHash64.hash("alice");
      int first = p.pick(true, hash);
      for (int i = 0; i < 100; i++) {
        assertThat(p.pick(true, hash)).isEqualTo(first);
      }
      assertThat(shares(p, 3)[0]).as(policy + " without a hash: random").isCloseTo(1 / 3.0,
          within(0.02));
    }
  }

  @Test
  void peakEwmaPrefersTheFasterAndTheLessLoadedHost() {
    HostLoad load = new HostLoad(2, Duration.ofSeconds(10).toNanos(), now::get);
    Balancer b =
        Balancers.of(LbPolicy.PEAK_EWMA, LbSettings.DEFAULTS, new int[] {0, 1}, new int[] {1, 1},
            new String[] {"a", "b"}, load);
    load.latency(0, 50_000_000);
    load.latency(1, 5_000_000);
    assertThat(b.pick(false, 0)).isEqualTo(1);

    for (int i = 0; i < 20; i++) {
      load.started(1);
    }
    assertThat(b.pick(false, 0)).as("5 ms × 21 outstanding > 50 ms × 1").isEqualTo(0);

    now.addAndGet(Duration.ofSeconds(60).toNanos());
    load.latency(0, 1_000_000); // below the decayed peak: averages down
    assertThat(load.cost(0)).isLessThan(2_000_000);
    load.latency(0, 80_000_000); // a peak replaces the average at once
    assertThat(load.cost(0)).isGreaterThan(80_000_000);
  }
}
