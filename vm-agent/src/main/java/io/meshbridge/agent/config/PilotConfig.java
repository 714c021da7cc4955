package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.bootstrap.HostPort;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pilot's xDS addresses (failover order) and, optionally, its CA for a workload identity.
 *
 * @param addresses {@code host:port} of pilot's ADS port, never empty
 * @param connectTimeout TCP connect timeout to one address (default 5 s)
 * @param identity the CA settings written into the node metadata; null = no identity
 */
public record PilotConfig(
    List<HostPort> addresses, Duration connectTimeout, @Nullable IdentityConfig identity) {

  public PilotConfig {
    addresses = List.copyOf(addresses);
    requireNonNull(connectTimeout, "connectTimeout");
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("addresses: [] (expected: at least one host:port)");
    }
  }
}
