package io.meshbridge.proxy.dataplane.lb;

import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.LbSettings;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the {@link Balancer} of a policy over some members of a cluster. */
public final class Balancers {

  private Balancers() {}

  /**
   * @param members endpoint indices, at least one
   * @param weights their weights, each at least 1
   * @param keys their hash keys ({@code host:port}), for RING_HASH and MAGLEV
   */
  public static Balancer of(
      LbPolicy policy,
      LbSettings settings,
      int[] members,
      int[] weights,
      String[] keys,
      HostLoad load) {
    return switch (policy) {
      case ROUND_ROBIN -> {
        WeightedRoundRobin rr = new WeightedRoundRobin(weights);
        yield (hashed, hash) -> members[rr.pick()];
      }
      case RANDOM -> {
        WeightedRandom random = new WeightedRandom(weights);
        yield (hashed, hash) -> members[random.pick()];
      }
      case LEAST_REQUEST -> new LeastRequest(members, weights, load);
      case PEAK_EWMA -> peakEwma(members, load);
      case RING_HASH -> {
        RingHash ring = RingHash.build(members, weights, keys, settings);
        yield orRandom(ring::pick, members, weights);
      }
      case MAGLEV -> {
        Maglev table = Maglev.build(members, weights, keys, settings.maglevTableSize());
        yield orRandom(table::pick, members, weights);
      }
    };
  }

  /** Hashes with {@code byHash}; a request without a hash draws by weight (Envoy: random). */
  private static Balancer orRandom(
      java.util.function.LongUnaryOperator byHash, int[] members, int[] weights) {
    WeightedRandom random = new WeightedRandom(weights);
    return (hashed, hash) ->
        hashed ? (int) byHash.applyAsLong(hash) : members[random.pick()];
  }

  /** Of two distinct members drawn uniformly, the one with the lower peak-EWMA cost. */
  private static Balancer peakEwma(int[] members, HostLoad load) {
    return (hashed, hash) -> {
      if (members.length == 1) {
        return members[0];
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int a = random.nextInt(members.length);
      int b = random.nextInt(members.length - 1);
      if (b >= a) {
        b++;
      }
      return load.cost(members[b]) < load.cost(members[a]) ? members[b] : members[a];
    };
  }
}
