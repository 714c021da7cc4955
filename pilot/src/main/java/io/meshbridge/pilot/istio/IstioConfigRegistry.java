package io.meshbridge.pilot.istio;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.support.SnapshotSequencer;
import io.meshbridge.pilot.policy.PolicySet;
import org.jspecify.annotations.Nullable;

/**
 * The registry of the Istio ServiceEntries and WorkloadEntries pilot accepted (from files or
 * Kubernetes), id {@code istio-config}. It does not watch anything itself: pilot {@linkplain
 * #update updates} it after every read of its policy sources, and it publishes a complete snapshot
 * of what is accepted, with problems for what could not be mapped.
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
    ServiceEntryMapper.Content content =
        ServiceEntryMapper.map(policies.serviceEntries(), policies.workloadEntries(), ID);
    synchronized (lock) {
      sequencer.publish(content.services(), content.endpoints(), false, content.problems());
    }
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
