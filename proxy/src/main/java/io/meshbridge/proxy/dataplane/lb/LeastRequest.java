package io.meshbridge.proxy.dataplane.lb;

import java.util.stream.IntStream;

/**
 * Envoy's LEAST_REQUEST as power of two choices: two distinct members drawn by weight, and of
 * those the one with fewer active requests per unit of weight (the first drawn on a tie). Active
 * requests live in a shared {@link HostLoad}: lock-free, shared by every event loop, and kept when
 * the balancer is rebuilt after an ejection.
 */
public final class LeastRequest implements Balancer {

  private final int[] members;
  private final WeightedRandom draw;
  private final HostLoad load;

  public LeastRequest(int[] members, int[] weights, HostLoad load) {
    this.members = members.clone();
    this.draw = new WeightedRandom(weights);
    this.load = load;
  }

  /** Over endpoints {@code 0..weights.length-1}, with a load of its own. */
  public LeastRequest(int[] weights) {
    this(
        IntStream.range(0, weights.length).toArray(),
        weights,
        new HostLoad(weights.length, 1, System::nanoTime));
  }

  @Override
  public int pick(boolean hashed, long hash) {
    int a = draw.pick();
    if (draw.size() == 1) {
      return members[a];
    }
    int b = draw.pickOther(a);
    // active(b)/w(b) < active(a)/w(a), without division
    long activeA = load.active(members[a]);
    long activeB = load.active(members[b]);
    return activeB * draw.weight(a) < activeA * draw.weight(b) ? members[b] : members[a];
  }

  public int pick() {
    return pick(false, NO_HASH);
  }

  public void started(int index) {
    load.started(index);
  }

  public void finished(int index) {
    load.finished(index);
  }

  public int active(int index) {
    return load.active(index);
  }
}
