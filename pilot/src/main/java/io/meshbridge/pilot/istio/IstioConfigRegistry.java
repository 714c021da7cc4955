package io.meshbridge.pilot.istio;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.support.SnapshotSequencer;
import io.meshbridge.pilot.autoregister.AutoRegisteredEntry;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.Workload;
import io.meshbridge.pilot.policy.WorkloadEntry;
import io.meshbridge.pilot.policy.WorkloadGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The registry of the Istio ServiceEntries and WorkloadEntries pilot accepted (from files or
 * Kubernetes), id {@code istio-config}. It does not watch anything itself: pilot {@linkplain
 * #update updates} it after every read of its policy sources, and it publishes a complete snapshot
 * of what is accepted, with problems for what could not be mapped. The WorkloadEntries pilot
 * {@linkplain #autoRegistered auto-registered} from WorkloadGroups join the configured ones.
 */
public final class IstioConfigRegistry implements RegistryAdapter {

  /** The id of this registry in pilot, its status and every endpoint's source label. */
  public static final String ID = "istio-config";

  // Guards `listener` and `sequencer`: update() runs on pilot's thread, start() and close() on the
  // lifecycle's; the listener only records the snapshot (never blocks).
  private final Object lock = new Object();
  private RegistryAdapter.@Nullable SnapshotListener listener;
  private final SnapshotSequencer sequencer =
      new SnapshotSequencer("istio-config registry", ID, this::deliver);
  // Also guarded by `lock`: the last inputs, each republished with the other.
  private @Nullable PolicySet policies;
  private List<AutoRegisteredEntry> autoRegistered = List.of();
  private volatile PolicySet groups = PolicySet.EMPTY;

  @Override
  public String id() {
    return ID;
  }

  /** Delivers the latest snapshot, if pilot has read its sources already, and every later one. */
  @Override
  public void start(SnapshotListener listener) {
    requireNonNull(listener, "listener");
    synchronized (lock) {
      this.listener = listener;
      RegistrySnapshot latest = sequencer.last();
      if (latest != null) {
        listener.onSnapshot(latest);
      }
    }
  }

  /** Publishes the services and endpoints of {@code policies}' accepted resources. */
  public void update(PolicySet policies) {
    requireNonNull(policies, "policies");
    groups = policies;
    synchronized (lock) {
      this.policies = policies;
      publish();
    }
  }

  /**
   * Publishes the auto-registered entries with the accepted resources (once those were read); an
   * entry whose name a configured WorkloadEntry of its namespace has already, or whose WorkloadGroup
   * is no longer accepted, is left out, as a problem.
   */
  public void autoRegistered(List<AutoRegisteredEntry> entries) {
    List<AutoRegisteredEntry> copy = List.copyOf(entries);
    synchronized (lock) {
      this.autoRegistered = copy;
      publish();
    }
  }

  /** The accepted WorkloadGroup {@code namespace/name}, or null. */
  public @Nullable WorkloadGroup workloadGroup(String namespace, String name) {
    for (WorkloadGroup g : groups.workloadGroups()) {
      if (g.namespace().equals(namespace) && g.name().equals(name)) {
        return g;
      }
    }
    return null;
  }

  /** Under {@code lock}. */
  private void publish() {
    PolicySet read = policies;
    if (read == null) {
      return;
    }
    List<WorkloadEntry> workloads = new ArrayList<>(read.workloadEntries());
    Set<String> names = new HashSet<>();
    read.workloadEntries().forEach(we -> names.add(we.namespace() + "/" + we.name()));
    List<String> problems = new ArrayList<>();
    Set<Workload> unhealthy = new HashSet<>();
    Set<String> groupNames = new HashSet<>();
    read.workloadGroups().forEach(g -> groupNames.add(g.namespace() + "/" + g.name()));
    for (AutoRegisteredEntry auto : autoRegistered) {
      if (!groupNames.contains(auto.entry().namespace() + "/" + auto.group())) {
        // As Kubernetes' garbage collection of an entry owned by a deleted WorkloadGroup.
        problems.add("WorkloadEntry " + auto.key() + " (" + auto.entry().source() + "): the"
            + " WorkloadGroup is gone; left out");
        continue;
      }
      if (!names.add(auto.key())) {
        problems.add("WorkloadEntry " + auto.key() + " (" + auto.entry().source() + "): name"
            + " taken by a configured WorkloadEntry; left out");
        continue;
      }
      workloads.add(auto.entry());
      if (!auto.healthy()) {
        unhealthy.add(auto.entry().workload());
      }
    }
    ServiceEntryMapper.Content content =
        ServiceEntryMapper.map(read.serviceEntries(), workloads, ID, unhealthy);
    problems.addAll(0, content.problems());
    sequencer.publish(content.services(), content.endpoints(), false, problems);
  }

  /** Called by the sequencer, under {@code lock}. */
  private void deliver(RegistrySnapshot snapshot) {
    SnapshotListener target = listener;
    if (target != null) {
      target.onSnapshot(snapshot);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      listener = null;
    }
  }
}
