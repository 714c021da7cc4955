package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How the local app is checked: one probe every {@code interval}, each allowed {@code timeout};
 * {@code healthyThreshold} passes in a row make it healthy, {@code unhealthyThreshold} failures in
 * a row unhealthy (Envoy's and Kubernetes' thresholds).
 */
public record HealthCheckConfig(
    Probe probe,
    Duration interval,
    Duration timeout,
    int healthyThreshold,
    int unhealthyThreshold) {

  public HealthCheckConfig {
    requireNonNull(probe, "probe");
    requireNonNull(interval, "interval");
    requireNonNull(timeout, "timeout");
    if (interval.isZero() || timeout.isZero()) {
      throw new IllegalArgumentException("interval, timeout: expected positive durations");
    }
  }

  /** One kind of check. */
  public sealed interface Probe {}

  /** {@code GET http://host:port/path}: 2xx and 3xx pass. */
  public record Http(String host, int port, String path) implements Probe {
    public Http {
      requireNonNull(host, "host");
      requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path: '" + path + "' (expected: starting with /)");
      }
    }
  }

  /** A TCP connect to {@code host:port}: connected passes. */
  public record Tcp(String host, int port) implements Probe {
    public Tcp {
      requireNonNull(host, "host");
    }
  }

  /** A command run without a shell: exit code 0 passes. */
  public record Command(List<String> argv) implements Probe {
    public Command {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("command: [] (expected: a program and its arguments)");
      }
    }
  }
}
