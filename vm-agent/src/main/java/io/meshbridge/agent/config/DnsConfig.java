package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.bootstrap.HostPort;
import java.time.Duration;
import java.util.List;

/**
 * The local resolver: answers {@code <name>.<namespace>.mesh} with the outbound bind address,
 * forwards every other question.
 *
 * @param listen UDP and TCP address to serve on (default 127.0.0.55:53; systemd-resolved holds 127.0.0.53 and .54)
 * @param forwardTo resolvers to forward to; empty = the {@code nameserver}s of /etc/resolv.conf
 * @param ttl TTL of the mesh answers (default 30 s)
 * @param forwardTimeout how long one forwarded question may take (default 5 s)
 */
public record DnsConfig(
    HostPort listen, List<HostPort> forwardTo, Duration ttl, Duration forwardTimeout) {

  public DnsConfig {
    requireNonNull(listen, "listen");
    forwardTo = List.copyOf(forwardTo);
    requireNonNull(ttl, "ttl");
    requireNonNull(forwardTimeout, "forwardTimeout");
  }
}
