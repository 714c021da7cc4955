package io.meshbridge.registry.eureka;

import io.meshbridge.registry.eureka.ApplicationsJson.Applications;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The adapter's copy of the Eureka registry, kept as Eureka's {@code DiscoveryClient} keeps its
 * own: replaced by a full fetch, patched by deltas, and checked against the server's apps hash
 * code. Confined to the registry's thread.
 */
final class LocalRegistry {

  /** By application name, then instance id; sorted so that snapshots come out in one order. */
  private final Map<String, Map<String, InstanceRecord>> apps = new TreeMap<>();

  /** Counts changes to the content: a delta that only repeats what is held changes nothing. */
  private long modifications;

  /** Replaces everything with the content of a full fetch. */
  void replace(Applications full) {
    apps.clear();
    modifications++;
    for (InstanceRecord instance : full.instances()) {
      put(instance);
    }
  }

  /**
   * Applies a delta as Eureka clients do: {@code ADDED} and {@code MODIFIED} put the instance,
   * {@code DELETED} removes it (and its application once empty).
   *
   * @return the instances whose action type is none of those, which are ignored
   */
  List<InstanceRecord> apply(Applications delta) {
    List<InstanceRecord> ignored = new ArrayList<>();
    for (InstanceRecord instance : delta.instances()) {
      String action = instance.actionType();
      if ("ADDED".equals(action) || "MODIFIED".equals(action)) {
        if (!instance.equals(put(instance))) {
          modifications++;
        }
      } else if ("DELETED".equals(action)) {
        Map<String, InstanceRecord> app = apps.get(instance.app());
        if (app != null) {
          if (app.remove(instance.id()) != null) {
            modifications++;
          }
          if (app.isEmpty()) {
            apps.remove(instance.app());
          }
        }
      } else {
        ignored.add(instance);
      }
    }
    return ignored;
  }

  /**
   * Eureka's reconcile hash code of this copy: {@code <STATUS>_<count>_} for each status, sorted by
   * status ({@code DOWN_1_UP_2_}); empty when there are no instances.
   */
  String reconcileHashCode() {
    Map<String, Integer> byStatus = new TreeMap<>();
    for (Map<String, InstanceRecord> app : apps.values()) {
      for (InstanceRecord instance : app.values()) {
        byStatus.merge(instance.status(), 1, Integer::sum);
      }
    }
    StringBuilder hash = new StringBuilder();
    byStatus.forEach((status, count) -> hash.append(status).append('_').append(count).append('_'));
    return hash.toString();
  }

  /** Every instance, by application name and then instance id. */
  List<InstanceRecord> instances() {
    List<InstanceRecord> all = new ArrayList<>();
    apps.values().forEach(app -> all.addAll(app.values()));
    return all;
  }

  /**
   * How many times the content changed: a full fetch, or a delta entry that added, changed or
   * removed an instance. Eureka's deltas repeat every change of the last few minutes (the server's
   * delta retention, 3 min by default); repeating one is not a change.
   */
  long modifications() {
    return modifications;
  }

  /** Returns the instance it replaces, or null. */
  private @Nullable InstanceRecord put(InstanceRecord instance) {
    return apps.computeIfAbsent(instance.app(), name -> new TreeMap<>())
        .put(instance.id(), instance);
  }
}
