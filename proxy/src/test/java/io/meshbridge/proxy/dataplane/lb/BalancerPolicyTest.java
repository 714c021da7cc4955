package io.meshbridge.proxy.dataplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BalancerPolicyTest {

  private static final int PICKS = 100_000;

  @Test
  void weightedRandomFollowsTheWeights() {
    WeightedRandom r = new WeightedRandom(new int[] {1, 0, 3});
    int[] counts = new int[3];
    for (int i = 0; i < PICKS; i++) {
      counts[r.pick()]++;
    }
    assertThat(counts[1]).isZero();
    assertThat(counts[0] / (double) PICKS).isCloseTo(0.25, within(0.01));
    assertThat(counts[2] / (double) PICKS).isCloseTo(0.75, within(0.01));
  }

  @Test
  void indexOfSkipsZeroWeights() {
    WeightedRandom r = new WeightedRandom(new int[] {0, 2, 0, 1});
    assertThat(r.indexOf(0)).isEqualTo(1);
    assertThat(r.indexOf(1)).isEqualTo(1);
    assertThat(r.indexOf(2)).isEqualTo(3);
  }

  @Test
  void pickOtherNeverReturnsTheExcludedIndexWhenAnotherHasWeight() {
    WeightedRandom r = new WeightedRandom(new int[] {5, 1, 1});
    for (int i = 0; i < 10_000; i++) {
      assertThat(r.pickOther(0)).isNotZero();
      assertThat(r.pickOther(1)).isNotEqualTo(1);
    }
    assertThat(new WeightedRandom(new int[] {1, 0}).pickOther(0)).isZero();
  }

  @Test
  void leastRequestPicksTheLessLoadedOfTwo() {
    LeastRequest lr = new LeastRequest(new int[] {1, 1});
    lr.started(0);
    for (int i = 0; i < 1000; i++) {
      assertThat(lr.pick()).isEqualTo(1);
    }
    lr.finished(0);
    lr.started(1);
    lr.started(1);
    assertThat(lr.pick()).isZero();
    assertThat(lr.active(1)).isEqualTo(2);
  }

  @Test
  void leastRequestWithEqualLoadSpreadsEvenly() {
    LeastRequest lr = new LeastRequest(new int[] {1, 1, 1, 1});
    int[] counts = new int[4];
    for (int i = 0; i < PICKS; i++) {
      counts[lr.pick()]++;
    }
    for (int c : counts) {
      assertThat(c / (double) PICKS).isCloseTo(0.25, within(0.01));
    }
  }
}
