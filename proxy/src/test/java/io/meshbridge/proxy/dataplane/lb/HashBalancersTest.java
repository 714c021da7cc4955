package io.meshbridge.proxy.dataplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshbridge.proxy.config.LbSettings;
import java.nio.charset.StandardCharsets;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** xxHash64, ring hash and Maglev as Envoy builds them. */
class HashBalancersTest {

  private static final int KEYS = 20_000;

  @Test
  void xxHash64MatchesTheReferenceVectors() {
    assertThat(XxHash64.hash("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(XxHash64.hash("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(XxHash64.hash("abc")).isEqualTo(0x44BC2CF5AD770999L);
    // 32+ bytes go through the four-lane loop
    assertThat(XxHash64.hash("Nobody inspects the spammish repetition"))
        .isEqualTo(0xFBCEA83C8A378BF1L);
    assertThat(XxHash64.hash("a".getBytes(StandardCharsets.UTF_8), 1))
        .isNotEqualTo(XxHash64.hash("a"));
  }

  @Test
  void ringHashSizesTheRingAsEnvoyAndSpreadsByWeight() {
    RingHash ring = ring(new int[] {0, 1, 2}, new int[] {1, 1, 2}, "a", "b", "c");
    assertThat(ring.size()).as("minimum_ring_size points: 256, 256, 512").isEqualTo(1024);
    double[] share = shares(ring::pick, 3);
    assertThat(share[0]).isCloseTo(0.25, within(0.05));
    assertThat(share[2]).isCloseTo(0.5, within(0.05));
  }

  @Test
  void maximumRingSizeCapsTheRing() {
    // the light host would need 2 points, so 2000 in all: capped at 1500
    LbSettings capped = new LbSettings(1024, 1500, 65537, java.time.Duration.ofSeconds(10), false, 50);
    RingHash ring = RingHash.build(new int[] {0, 1}, new int[] {1, 999}, keys("a", "b"), capped);
    assertThat(ring.size()).isEqualTo(1500);
    assertThat(shares(ring::pick, 2)[1]).isGreaterThan(0.95);
  }

  @Test
  void removingAHostFromTheRingMovesItsKeysAndFewOthers() {
    RingHash before = ring(new int[] {0, 1, 2, 3}, new int[] {1, 1, 1, 1}, "a", "b", "c", "d");
    RingHash after = ring(new int[] {0, 1, 3}, new int[] {1, 1, 1}, "a", "b", "d");
    // As in Envoy, each remaining host gets more points (1024/3 instead of 1024/4), and those
    // take some keys of the other remaining hosts: about 10 % here, never the removed host's.
    assertThat(stayedFraction(before::pick, after::pick, 2)).isGreaterThan(0.85);
  }

  @Test
  void theRingDoesNotDependOnEndpointOrder() {
    RingHash before = ring(new int[] {0, 1, 2}, new int[] {1, 1, 1}, "a", "b", "c");
    RingHash reordered = ring(new int[] {2, 0, 1}, new int[] {1, 1, 1}, "c", "a", "b");
    assertThat(stayedFraction(before::pick, reordered::pick, -1)).isEqualTo(1.0);
  }

  @Test
  void maglevFillsItsTableInProportionToWeight() {
    Maglev table =
        Maglev.build(new int[] {0, 1, 2}, new int[] {1, 1, 2}, keys("a", "b", "c"), 65537);
    double[] share = shares(table::pick, 3);
    assertThat(share[0]).isCloseTo(0.25, within(0.02));
    assertThat(share[1]).isCloseTo(0.25, within(0.02));
    assertThat(share[2]).isCloseTo(0.5, within(0.02));
  }

  @Test
  void removingAHostFromMaglevMovesFewOtherKeys() {
    int[] all = {0, 1, 2, 3, 4};
    Maglev before =
        Maglev.build(all, new int[] {1, 1, 1, 1, 1}, keys("a", "b", "c", "d", "e"), 65537);
    Maglev after =
        Maglev.build(
            new int[] {0, 1, 3, 4}, new int[] {1, 1, 1, 1}, keys("a", "b", "d", "e"), 65537);
    int moved = 0;
    for (long k = 0; k < KEYS; k++) {
      long h = XxHash64.hash("key-" + k);
      long was = before.pick(h);
      if (was != 2 && after.pick(h) != was) {
        moved++;
      }
    }
    // Maglev's guarantee is "minimal disruption", not zero: a few percent of other keys move.
    assertThat(moved / (double) KEYS).isLessThan(0.05);
  }

  @Test
  void sameKeySameHostAcrossRebuilds() {
    RingHash one = ring(new int[] {0, 1, 2}, new int[] {1, 1, 1}, "a", "b", "c");
    RingHash two = ring(new int[] {0, 1, 2}, new int[] {1, 1, 1}, "a", "b", "c");
    for (long k = 0; k < 1000; k++) {
      long h = XxHash64.hash("user-" + k);
      assertThat(two.pick(h)).isEqualTo(one.pick(h));
    }
  }

  /** Of the keys not on {@code removed} before, the share that kept their host. */
  static double stayedFraction(LongUnaryOperator before, LongUnaryOperator after, int removed) {
    int stayed = 0;
    int others = 0;
    for (long k = 0; k < KEYS; k++) {
      long h = XxHash64.hash("key-" + k);
      long was = before.applyAsLong(h);
      if (was != removed) {
        others++;
        if (after.applyAsLong(h) == was) {
          stayed++;
        }
      } else {
        assertThat(after.applyAsLong(h)).isNotEqualTo(removed);
      }
    }
    return stayed / (double) others;
  }

  private static RingHash ring(int[] members, int[] weights, String... names) {
    return RingHash.build(members, weights, keys(names), LbSettings.DEFAULTS);
  }

  private static String[] keys(String... names) {
    return IntStream.range(0, names.length).mapToObj(i -> "10.0.0." + names[i] + ":80")
        .toArray(String[]::new);
  }

  private static double[] shares(LongUnaryOperator pick, int hosts) {
    int[] counts = new int[hosts];
    for (long k = 0; k < KEYS; k++) {
      counts[(int) pick.applyAsLong(XxHash64.hash("key-" + k))]++;
    }
    return IntStream.of(counts).mapToDouble(c -> c / (double) KEYS).toArray();
  }
}
