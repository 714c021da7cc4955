package io.meshbridge.proxy.dataplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {

  private static List<Integer> picks(WeightedRoundRobin rr, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(rr.pick());
    }
    return out;
  }

  @Test
  void equalWeightsRotate() {
    assertThat(picks(new WeightedRoundRobin(new int[] {1, 1, 1}), 7))
        .containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void exactDistributionOverEveryCycle() {
    int[] weights = {5, 1, 3};
    WeightedRoundRobin rr = new WeightedRoundRobin(weights);
    for (int cycle = 0; cycle < 4; cycle++) {
      int[] counts = new int[weights.length];
      picks(rr, 9).forEach(i -> counts[i]++);
      assertThat(counts).containsExactly(5, 1, 3);
    }
  }

  @Test
  void smoothNotBursty() {
    // nginx's classic example: weights 5,1,1 give a a b a c a a, not a a a a a b c
    assertThat(picks(new WeightedRoundRobin(new int[] {5, 1, 1}), 7))
        .containsExactly(0, 0, 1, 0, 2, 0, 0);
  }

  @Test
  void singleEndpoint() {
    assertThat(picks(new WeightedRoundRobin(new int[] {7}), 3)).containsExactly(0, 0, 0);
  }

  @Test
  void rejectsBadWeights() {
    assertThatThrownBy(() -> new WeightedRoundRobin(new int[0]))
        .hasMessage("weights: [] (expected: at least one)");
    assertThatThrownBy(() -> new WeightedRoundRobin(new int[] {1, 0}))
        .hasMessage("weights: [1, 0] (expected: >= 1)");
  }

  @Test
  void largeWeightTotalsAreReducedKeepingProportions() {
    assertThat(WeightedRoundRobin.reduce(new int[] {300, 100})).containsExactly(3, 1);
    int[] scaled = WeightedRoundRobin.reduce(new int[] {9001, 1, 4999});
    assertThat(java.util.Arrays.stream(scaled).sum()).isLessThanOrEqualTo(WeightedRoundRobin.MAX_CYCLE);
    assertThat(scaled[1]).isEqualTo(1);
    assertThat((double) scaled[0] / scaled[2]).isCloseTo(9001.0 / 4999, within(0.01));
  }
}
