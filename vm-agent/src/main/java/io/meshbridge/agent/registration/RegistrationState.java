package io.meshbridge.agent.registration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where the registration stands, for the status file.
 *
 * @param registry e.g. {@code consul(http://127.0.0.1:8500)}, or {@code none}
 * @param phase see {@link Phase}
 * @param message why it is degraded, else empty
 * @param since when the phase began
 */
public record RegistrationState(String registry, Phase phase, String message, Instant since) {

  public RegistrationState {
    requireNonNull(registry, "registry");
    requireNonNull(phase, "phase");
    requireNonNull(message, "message");
    requireNonNull(since, "since");
  }

  /** The phases of a registration. */
  public enum Phase {
    /** {@code registration.type: none}. */
    DISABLED,
    /** Waiting for the first passing health check. */
    WAITING_FOR_HEALTH,
    /** Registered; the registry follows the health. */
    REGISTERED,
    /** A registration failed; nothing is registered; retried every retryInterval. */
    DEGRADED,
    /** Deregistered on stop. */
    DEREGISTERED
  }
}
