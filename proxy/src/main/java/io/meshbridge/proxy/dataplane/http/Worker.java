package io.meshbridge.proxy.dataplane.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;

/**
 * What one event loop owns (Envoy's worker): its upstream pool. Only ever touched on that event
 * loop. (Round robin state is per cluster and shared, see {@code Endpoints#pick}.)
 */
public record Worker(UpstreamPool pool) {

  public Worker {
    requireNonNull(pool, "pool");
  }

  /** Drops state for clusters and endpoints that {@code snapshot} no longer has. */
  public void onConfig(Snapshot snapshot) {
    pool.closeUnconfigured();
  }
}
