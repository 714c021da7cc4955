package io.meshbridge.proxy.dataplane.lb;

import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.LbSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Envoy's host selection over one cluster's endpoints as they are now (some may be ejected):
 * first a priority level, by Envoy's priority load with overprovisioning factor 1.4 (level 0 takes
 * everything while at least 1/1.4 of its hosts are available; what it cannot take spills to the
 * next level), then, with locality weighting, a locality of that level by {@code
 * load_balancing_weight} × its availability, then a host with the cluster's policy. Immutable;
 * rebuilt off the hot path when endpoints or ejections change.
 *
 * <p>Panic mode, as Envoy's {@code healthy_panic_threshold}: when the levels together are less
 * than 100 % available, a level whose share of available hosts is below the threshold picks from
 * all its serving hosts, ejected ones included; when every level is in panic, levels get traffic
 * by their number of hosts. A threshold of 0 turns panic off: with every host ejected there is no
 * host ({@link #pick} returns -1).
 */
public final class Picker {

  /** Envoy's default overprovisioning factor, in percent. */
  static final int OVERPROVISIONING = 140;

  /** cumulative[p] = load percent of levels 0..p; the last is 100. */
  private final int[] cumulative;
  private final Level[] levels;
  /** Per level: its weight in the priority load, and its priority. */
  private final int[] weights;
  private final int[] priorities;

  private Picker(int[] cumulative, Level[] levels, int[] weights, int[] priorities) {
    this.cumulative = cumulative;
    this.levels = levels;
    this.weights = weights;
    this.priorities = priorities;
  }

  /**
   * @param list the cluster's endpoints that serve traffic, at least one
   * @param keys their hash keys ({@code host:port})
   * @param available which are not ejected; when none is, all are used (Envoy's panic mode)
   * @param totals every endpoint per level and locality, serving or not ({@link #totals}): the
   *     denominators of availability, as Envoy counts unhealthy hosts
   */
  public static Picker build(
      LbPolicy policy,
      LbSettings settings,
      List<EndpointConfig> list,
      String[] keys,
      boolean[] available,
      HostLoad load,
      Map<String, Integer> totals) {
    Map<Integer, List<Integer>> byPriority = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      byPriority.computeIfAbsent(list.get(i).priority(), p -> new ArrayList<>()).add(i);
    }
    List<LevelState> states = new ArrayList<>();
    int sumAvailability = 0;
    for (Map.Entry<Integer, List<Integer>> level : byPriority.entrySet()) {
      List<Integer> members = level.getValue();
      List<Integer> up = members.stream().filter(i -> available[i]).toList();
      int total = Math.max(members.size(), totals.getOrDefault(levelKey(level.getKey()), 0));
      LevelState state = new LevelState(level.getKey(), members, up, total);
      states.add(state);
      sumAvailability += state.availability();
    }
    boolean allAvailable = sumAvailability >= 100;
    double threshold = settings.panicThreshold();
    states.forEach(st -> st.panic = !allAvailable && 100.0 * st.up.size() / st.total < threshold);
    boolean totalPanic = states.stream().allMatch(st -> st.panic);
    long hosts = states.stream().mapToLong(st -> st.total).sum();
    List<Level> levels = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    List<Integer> priorities = new ArrayList<>();
    boolean byLocality = settings.localityWeighted() && !hashing(policy);
    for (LevelState st : states) {
      List<Integer> members = st.panic ? st.members : st.up;
      // In total panic, Envoy gives each level its share of all hosts.
      int weight = totalPanic ? (int) Math.max(1, 100L * st.total / hosts) : st.availability();
      if (members.isEmpty() || weight == 0) {
        continue;
      }
      weights.add(weight);
      priorities.add(st.priority);
      levels.add(Level.build(
          policy, settings, list, keys, members, byLocality, load, totals, st.priority));
    }
    return new Picker(
        levels.isEmpty() ? new int[0] : loads(weights), levels.toArray(Level[]::new),
        weights.stream().mapToInt(Integer::intValue).toArray(),
        priorities.stream().mapToInt(Integer::intValue).toArray());
  }

  /** One priority level while a picker is built: its hosts, the available ones, panic or not. */
  private static final class LevelState {
    final int priority;
    final List<Integer> members;
    final List<Integer> up;
    final int total;
    boolean panic;

    LevelState(int priority, List<Integer> members, List<Integer> up, int total) {
      this.priority = priority;
      this.members = members;
      this.up = up;
      this.total = total;
    }

    int availability() {
      return up.isEmpty() ? 0 : Picker.availability(up.size(), total);
    }
  }

  /** How many endpoints each level ({@code p<priority>}) and locality has, serving or not. */
  public static Map<String, Integer> totals(List<EndpointConfig> all) {
    Map<String, Integer> totals = new java.util.HashMap<>();
    for (EndpointConfig e : all) {
      totals.merge(levelKey(e.priority()), 1, Integer::sum);
      totals.merge(localityKey(e.priority(), e.locality()), 1, Integer::sum);
    }
    return totals;
  }

  private static String levelKey(int priority) {
    return "p" + priority;
  }

  private static String localityKey(int priority, String locality) {
    return "p" + priority + "/" + locality;
  }

  /**
   * {@code min(100, 1.4 × up / total)} in percent, at least 1 when a host is up (so a large level
   * with few hosts up still gets its share rather than none).
   */
  static int availability(int up, int total) {
    return (int) Math.max(1, Math.min(100, (long) OVERPROVISIONING * up / total));
  }

  /** A level's load: its health, capped by what the levels before it left (normalized < 100). */
  static int[] loads(List<Integer> health) {
    int total = health.stream().mapToInt(Integer::intValue).sum();
    int[] cumulative = new int[health.size()];
    int sum = 0;
    for (int p = 0; p < health.size(); p++) {
      int share = total >= 100 ? Math.min(health.get(p), 100 - sum) : health.get(p) * 100 / total;
      sum += share;
      cumulative[p] = sum;
    }
    cumulative[cumulative.length - 1] = 100; // rounding remainder to the last level
    return cumulative;
  }

  private static boolean hashing(LbPolicy policy) {
    return policy == LbPolicy.RING_HASH || policy == LbPolicy.MAGLEV;
  }

  /**
   * An endpoint index, or -1 when there is none (every host ejected and panic mode off). As Envoy,
   * a hashed request also picks its level by {@code hash % 100}.
   */
  public int pick(boolean hashed, long hash) {
    if (levels.length == 0) {
      return -1;
    }
    return levels[levels.length == 1 ? 0 : level(cumulative, hashed, hash)].pick(hashed, hash);
  }

  /**
   * {@link #pick(boolean, long)} leaving out the levels whose priority has its bit set in {@code
   * excluded} (Envoy's {@code previous_priorities} retry priority): the other levels share the
   * load as if the left-out ones had no host available. When every level is left out, none is.
   */
  public int pick(boolean hashed, long hash, long excluded) {
    if (excluded == 0) {
      return pick(hashed, hash);
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < levels.length; i++) {
      if (priorities[i] >= 64 || (excluded & (1L << priorities[i])) == 0) {
        kept.add(i);
      }
    }
    if (kept.isEmpty() || kept.size() == levels.length) {
      return pick(hashed, hash);
    }
    int[] loads = loads(kept.stream().map(i -> weights[i]).toList());
    return levels[kept.get(level(loads, hashed, hash))].pick(hashed, hash);
  }

  /** A level index drawn by the cumulative loads, by the hash for a hashed request. */
  private static int level(int[] cumulative, boolean hashed, long hash) {
    int point =
        hashed ? (int) Long.remainderUnsigned(hash, 100) : ThreadLocalRandom.current().nextInt(100);
    int p = 0;
    while (point >= cumulative[p]) {
      p++;
    }
    return p;
  }

  /** One priority level: one balancer, or a weighted draw of localities each with its own. */
  private record Level(Balancer[] localities, WeightedRandom localityDraw) {

    static Level build(
        LbPolicy policy,
        LbSettings settings,
        List<EndpointConfig> list,
        String[] keys,
        List<Integer> up,
        boolean byLocality,
        HostLoad load,
        Map<String, Integer> totals,
        int priority) {
      if (byLocality) {
        Map<String, List<Integer>> ups = group(list, up);
        List<Balancer> balancers = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        ups.forEach(
            (locality, hosts) -> {
              long weight = list.get(hosts.get(0)).localityWeight();
              int total =
                  Math.max(hosts.size(), totals.getOrDefault(localityKey(priority, locality), 0));
              long effective = weight * availability(hosts.size(), total);
              if (effective > 0) {
                balancers.add(balancer(policy, settings, list, keys, hosts, load));
                weights.add((int) Math.min(Integer.MAX_VALUE, effective));
              }
            });
        if (!balancers.isEmpty()) {
          return new Level(
              balancers.toArray(Balancer[]::new),
              new WeightedRandom(weights.stream().mapToInt(Integer::intValue).toArray()));
        }
      }
      Balancer one = balancer(policy, settings, list, keys, up, load);
      return new Level(new Balancer[] {one}, new WeightedRandom(new int[] {1}));
    }

    int pick(boolean hashed, long hash) {
      Balancer b = localities.length == 1 ? localities[0] : localities[localityDraw.pick()];
      return b.pick(hashed, hash);
    }

    private static Map<String, List<Integer>> group(List<EndpointConfig> list, List<Integer> of) {
      Map<String, List<Integer>> groups = new LinkedHashMap<>();
      for (int i : of) {
        groups.computeIfAbsent(list.get(i).locality(), l -> new ArrayList<>()).add(i);
      }
      return groups;
    }

    private static Balancer balancer(
        LbPolicy policy,
        LbSettings settings,
        List<EndpointConfig> list,
        String[] keys,
        List<Integer> hosts,
        HostLoad load) {
      int[] members = hosts.stream().mapToInt(Integer::intValue).toArray();
      int[] weights = hosts.stream().mapToInt(i -> list.get(i).weight()).toArray();
      String[] memberKeys = hosts.stream().map(i -> keys[i]).toArray(String[]::new);
      return Balancers.of(policy, settings, members, weights, memberKeys, load);
    }
  }
}
