package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Tunables of {@link NettyDataPlane}; {@link #DEFAULTS} follows Envoy's defaults where it has one.
 *
 * @param workerThreads event loops serving connections (default: one per core)
 * @param upstreamTimeout how long a request may wait for its whole response once the downstream
 *     request is complete, before a 504 (Envoy's default route timeout: 15 s)
 * @param upstreamIdleTimeout how long a pooled upstream connection may stay unused (60 s)
 * @param drainTimeout how long a removed listener's (or a closing data plane's) connections may
 *     finish their request in flight before they are closed (5 s, as HCM's drain_timeout)
 * @param nativeTransport use native epoll when available (else NIO)
 */
public record DataPlaneOptions(
    int workerThreads,
    Duration upstreamTimeout,
    Duration upstreamIdleTimeout,
    Duration drainTimeout,
    boolean nativeTransport) {

  public static final DataPlaneOptions DEFAULTS =
      new DataPlaneOptions(
          Runtime.getRuntime().availableProcessors(),
          Duration.ofSeconds(15),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          true);

  public DataPlaneOptions {
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads: " + workerThreads + " (expected: >= 1)");
    }
    positive(upstreamTimeout, "upstreamTimeout");
    positive(upstreamIdleTimeout, "upstreamIdleTimeout");
    positive(drainTimeout, "drainTimeout");
  }

  public DataPlaneOptions withWorkerThreads(int n) {
    return new DataPlaneOptions(
        n, upstreamTimeout, upstreamIdleTimeout, drainTimeout, nativeTransport);
  }

  public DataPlaneOptions withUpstreamTimeout(Duration d) {
    return new DataPlaneOptions(
        workerThreads, d, upstreamIdleTimeout, drainTimeout, nativeTransport);
  }

  public DataPlaneOptions withUpstreamIdleTimeout(Duration d) {
    return new DataPlaneOptions(workerThreads, upstreamTimeout, d, drainTimeout, nativeTransport);
  }

  public DataPlaneOptions withDrainTimeout(Duration d) {
    return new DataPlaneOptions(
        workerThreads, upstreamTimeout, upstreamIdleTimeout, d, nativeTransport);
  }

  public DataPlaneOptions withNativeTransport(boolean b) {
    return new DataPlaneOptions(
        workerThreads, upstreamTimeout, upstreamIdleTimeout, drainTimeout, b);
  }

  private static void positive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: a positive duration)");
    }
  }
}
