package io.meshbridge.model;

/**
 * Puts one local workload into a registry the way that registry's own clients do, and keeps it
 * there: Consul agent service registration with a check, Eureka register + renew + status, a
 * ZooKeeper ephemeral node. The VM agent drives it.
 *
 * <p>Contract: {@link #register} returns once the registry has accepted the instance (or throws
 * {@link RegistrationException} naming what was refused); heartbeats, renewals and reconnects run
 * on the registrar's own threads. After a crash, no registration outlives the registry's own expiry
 * (TTL, lease, session).
 */
public interface WorkloadRegistrar extends AutoCloseable {

  /** The registry kind and instance, for logs and status, e.g. {@code consul(dc1)}. */
  String describe();

  /** Registers {@code instance} as healthy-unknown until the first {@link #setHealth}. */
  void register(WorkloadInstance instance);

  /**
   * Reports the local health check's result; the registry follows (Consul check status, Eureka
   * UP/DOWN, ZooKeeper node present or absent).
   */
  void setHealth(HealthStatus health);

  /** Removes the registration; idempotent. */
  void deregister();

  /** Deregisters and releases threads and connections. */
  @Override
  void close();

  /** The registry refused or could not be reached for a registration. */
  final class RegistrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistrationException(String message, Throwable cause) {
      super(message, cause);
    }

    public RegistrationException(String message) {
      super(message);
    }
  }
}
