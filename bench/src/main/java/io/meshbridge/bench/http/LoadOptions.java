package io.meshbridge.bench.http;

import static java.util.Objects.requireNonNull;

import io.meshbridge.bench.proc.ProcStats;
import java.time.Duration;
import java.util.List;

/**
 * What {@link OpenLoopLoad} does.
 *
 * @param label names the run in the result line
 * @param host the target's IP address
 * @param port the target's port
 * @param hostHeader the {@code Host} header sent
 * @param path the request path
 * @param rate requests per second, spread evenly over all connections
 * @param connections keep-alive connections, each with one request in flight at most
 * @param warmup how long to send before measuring (not recorded)
 * @param duration how long to measure
 * @param watchPids processes whose CPU time and peak RSS are reported for the measured window
 * @param h2c HTTP/2 with prior knowledge, every request on a new stream sent at its due time,
 *     instead of HTTP/1.1 with one request in flight per connection
 */
record LoadOptions(
    String label,
    String host,
    int port,
    String hostHeader,
    String path,
    int rate,
    int connections,
    Duration warmup,
    Duration duration,
    List<Long> watchPids,
    boolean h2c) {

  LoadOptions {
    requireNonNull(label, "label");
    requireNonNull(host, "host");
    requireNonNull(hostHeader, "hostHeader");
    requireNonNull(path, "path");
    requireNonNull(warmup, "warmup");
    requireNonNull(duration, "duration");
    watchPids = List.copyOf(watchPids);
    if (rate < 1 || rate > 1_000_000) {
      throw new IllegalArgumentException("--rate: " + rate + " (expected: 1..1000000)");
    }
    if (connections < 1 || connections > 10_000) {
      throw new IllegalArgumentException("--connections: " + connections + " (expected: 1..10000)");
    }
    if (duration.isZero() || duration.isNegative() || duration.toMinutes() > 30) {
      throw new IllegalArgumentException(
          "--duration: " + duration + " (expected: more than 0, at most 30 minutes)");
    }
  }

  /** Parses {@code --key value} pairs; every key has a default but {@code --target}. */
  static LoadOptions parse(String[] args) {
    String label = "load";
    String target = null;
    String hostHeader = null;
    String path = "/";
    int rate = 1000;
    int connections = 16;
    Duration warmup = Duration.ofSeconds(10);
    Duration duration = Duration.ofSeconds(30);
    List<Long> pids = List.of();
    boolean h2c = false;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + ": missing value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--label" -> label = v;
        case "--target" -> target = v;
        case "--host-header" -> hostHeader = v;
        case "--path" -> path = v;
        case "--rate" -> rate = Integer.parseInt(v);
        case "--connections" -> connections = Integer.parseInt(v);
        case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(v));
        case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(v));
        case "--watch" -> pids = ProcStats.parsePids(v);
        case "--protocol" ->
            h2c =
                switch (v) {
                  case "http1" -> false;
                  case "h2c" -> true;
                  default ->
                      throw new IllegalArgumentException(
                          "--protocol: " + v + " (expected: http1, h2c)");
                };
        default ->
            throw new IllegalArgumentException(
                args[i]
                    + ": unknown option (expected: --label, --target, --host-header, --path,"
                    + " --rate, --connections, --warmup, --duration, --watch, --protocol)");
      }
    }
    if (target == null || target.lastIndexOf(':') < 1) {
      throw new IllegalArgumentException("--target: " + target + " (expected: ip:port)");
    }
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon);
    int port = Integer.parseInt(target.substring(colon + 1));
    return new LoadOptions(
        label,
        host,
        port,
        hostHeader == null ? target : hostHeader,
        path,
        rate,
        connections,
        warmup,
        duration,
        pids,
        h2c);
  }
}
