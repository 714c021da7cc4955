package io.meshbridge.agent.registration;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;

/**
 * {@code registration.type: pilot}: nothing to call. The proxy's node metadata names the
 * WorkloadGroup ({@code AUTO_REGISTER_GROUP}, {@code INSTANCE_IPS}), and pilot keeps the
 * WorkloadEntry while the proxy's xDS stream is open, deleting it one grace period after the
 * stream closes (on stop, or after a crash). This registrar only stands in the status so that
 * {@code meshbridge-agent status} says where the workload is registered.
 */
final class PilotRegistrar implements WorkloadRegistrar {

  private final String description;

  PilotRegistrar(String namespace, String group) {
    this.description = "pilot(WorkloadGroup " + requireNonNull(namespace, "namespace") + "/"
        + requireNonNull(group, "group") + ")";
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void register(WorkloadInstance instance) {
    requireNonNull(instance, "instance");
  }

  /** Not reported: pilot's WorkloadEntry stays healthy (the proxy's inbound gate still follows). */
  @Override
  public void setHealth(HealthStatus health) {
    requireNonNull(health, "health");
  }

  @Override
  public void deregister() {}

  @Override
  public void close() {}
}
