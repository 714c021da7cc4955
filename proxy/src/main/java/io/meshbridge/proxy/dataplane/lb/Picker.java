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
 */
public final class Picker {

  /** Envoy's default overprovisioning factor, in percent. */
  static final int OVERPROVISIONING = 140;

  /** cumulative[p] = load percent of levels 0..p; the last is 100. */
  private final int[] cumulative;
  private final Level[] levels;

  private Picker(int[] cumulative, Level[] levels) {
    this.cumulative = cumulative;
    this.levels = levels;
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
    boolean anyAvailable = false;
    for (boolean a : available) {
      anyAvailable |= a;
    }
    boolean any = anyAvailable;
    Map<Integer, List<Integer>> byPriority = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      byPriority.computeIfAbsent(list.get(i).priority(), p -> new ArrayList<>()).add(i);
    }
    List<Level> levels = new ArrayList<>();
    List<Integer> health = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> level : byPriority.entrySet()) {
      List<Integer> members = level.getValue();
      List<Integer> up = members.stream().filter(i -> !any || available[i]).toList();
      if (up.isEmpty()) {
        continue;
      }
      int total = Math.max(members.size(), totals.getOrDefault(levelKey(level.getKey()), 0));
      health.add(availability(up.size(), total));
      boolean byLocality = settings.localityWeighted() && !hashing(policy);
      levels.add(
          Level.build(policy, settings, list, keys, up, byLocality, load, totals, level.getKey()));
    }
    return new Picker(loads(health), levels.toArray(Level[]::new));
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

  /** An endpoint index. As Envoy, a hashed request also picks its level by {@code hash % 100}. */
  public int pick(boolean hashed, long hash) {
    Level level = levels[0];
    if (levels.length > 1) {
      int point =
          hashed
              ? (int) Long.remainderUnsigned(hash, 100)
              : ThreadLocalRandom.current().nextInt(100);
      int p = 0;
      while (point >= cumulative[p]) {
        p++;
      }
      level = levels[p];
    }
    return level.pick(hashed, hash);
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
