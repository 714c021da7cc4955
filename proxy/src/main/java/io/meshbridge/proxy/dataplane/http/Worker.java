package io.meshbridge.proxy.dataplane.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.lb.Balancers;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;

/**
 * What one event loop owns (Envoy's worker): its load balancer state and its upstream pool. Only
 * ever touched on that event loop.
 */
public record Worker(UpstreamPool pool, Balancers balancers) {

  public Worker {
    requireNonNull(pool, "pool");
    requireNonNull(balancers, "balancers");
  }

  /** Drops state for clusters and endpoints that {@code snapshot} no longer has. */
  public void onConfig(Snapshot snapshot) {
    balancers.retain(snapshot.clusters().keySet());
    pool.closeUnconfigured();
  }
}
