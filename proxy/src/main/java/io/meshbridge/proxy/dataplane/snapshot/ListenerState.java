package io.meshbridge.proxy.dataplane.snapshot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.dataplane.rbac.RbacFilter;
import io.meshbridge.proxy.dataplane.stats.ListenerStats;
import java.util.List;

/**
 * A listener as requests see it: its config (route table, stat prefix), its stats, and its RBAC
 * filters built once per config update.
 *
 * @param httpRbac the HTTP RBAC filters, in order
 * @param chainRbac the network RBAC filters of each {@link ListenerConfig#tcpChains()} entry, by
 *     the same index
 */
public record ListenerState(
    ListenerConfig config,
    ListenerStats stats,
    List<RbacFilter> httpRbac,
    List<List<RbacFilter>> chainRbac) {

  public ListenerState {
    requireNonNull(config, "config");
    requireNonNull(stats, "stats");
    httpRbac = List.copyOf(httpRbac);
    chainRbac = chainRbac.stream().map(List::copyOf).toList();
    if (chainRbac.size() != config.tcpChains().size()) {
      throw new IllegalArgumentException(
          "chainRbac: " + chainRbac.size() + " lists (expected: one per tcp chain, "
              + config.tcpChains().size() + ")");
    }
  }

  /** A listener without RBAC filters. */
  public ListenerState(ListenerConfig config, ListenerStats stats) {
    this(
        config,
        stats,
        List.of(),
        config.tcpChains().stream().map(c -> List.<RbacFilter>of()).toList());
  }

  /** The network RBAC filters of {@code chain}, one of this listener's chains (by identity). */
  public List<RbacFilter> rbacOf(TcpChain chain) {
    List<TcpChain> chains = config.tcpChains();
    for (int i = 0; i < chains.size(); i++) {
      if (chains.get(i) == chain) {
        return chainRbac.get(i);
      }
    }
    return List.of();
  }
}
