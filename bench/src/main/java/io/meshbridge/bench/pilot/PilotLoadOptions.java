package io.meshbridge.bench.pilot;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link PilotLoad} does; {@code --key value} arguments, each with a default.
 *
 * @param delta incremental ADS streams rather than state of the world ({@code --mode delta|sotw})
 * @param proxies simulated proxies, one ADS stream and one connection each
 * @param services services in the registry (plus the clock service)
 * @param endpoints endpoints in the registry (plus the clock endpoint)
 * @param churnPercent endpoints moved per second, as a percentage of {@code endpoints}
 * @param tickMillis churn granularity: every tick moves its share and publishes once
 * @param churnSeconds how long to churn
 * @param quietMillis pilot's debounce quiet period
 * @param maxDelayMillis pilot's debounce max delay
 * @param pilotJvmFlags flags of the pilot JVM, space-separated
 * @param address where pilot's xDS server binds
 */
record PilotLoadOptions(
    boolean delta,
    int proxies,
    int services,
    int endpoints,
    double churnPercent,
    long tickMillis,
    long churnSeconds,
    long quietMillis,
    long maxDelayMillis,
    List<String> pilotJvmFlags,
    String address) {

  PilotLoadOptions {
    pilotJvmFlags = List.copyOf(pilotJvmFlags);
    if (proxies < 1 || services < 1 || endpoints < 1) {
      throw new IllegalArgumentException(
          "--proxies, --services, --endpoints: "
              + proxies
              + ", "
              + services
              + ", "
              + endpoints
              + " (expected: each at least 1)");
    }
    if (churnSeconds < 1 || churnSeconds > 1800 || tickMillis < 10) {
      throw new IllegalArgumentException(
          "--churn-seconds "
              + churnSeconds
              + " --tick-ms "
              + tickMillis
              + " (expected: 1..1800 s, ticks of at least 10 ms)");
    }
  }

  /** Endpoints moved per tick (at least one). */
  int perTick() {
    return (int) Math.max(1, Math.round(endpoints * churnPercent / 100.0 * tickMillis / 1000.0));
  }

  int ticks() {
    return (int) (churnSeconds * 1000 / tickMillis);
  }

  static PilotLoadOptions parse(String[] args) {
    boolean delta = false;
    int proxies = 2000;
    int services = 1000;
    int endpoints = 10_000;
    double churn = 1.0;
    long tick = 100;
    long seconds = 60;
    long quiet = 100;
    long max = 1000;
    String flags = "-Xmx768m";
    String address = "127.0.0.1";
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + ": missing value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--mode" ->
            delta =
                switch (v) {
                  case "delta" -> true;
                  case "sotw" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "--mode: " + v + " (expected: sotw, delta)");
                };
        case "--proxies" -> proxies = Integer.parseInt(v);
        case "--services" -> services = Integer.parseInt(v);
        case "--endpoints" -> endpoints = Integer.parseInt(v);
        case "--churn-percent" -> churn = Double.parseDouble(v);
        case "--tick-ms" -> tick = Long.parseLong(v);
        case "--churn-seconds" -> seconds = Long.parseLong(v);
        case "--debounce-quiet-ms" -> quiet = Long.parseLong(v);
        case "--debounce-max-ms" -> max = Long.parseLong(v);
        case "--pilot-jvm-flags" -> flags = v;
        case "--address" -> address = v;
        default ->
            throw new IllegalArgumentException(
                args[i]
                    + ": unknown option (expected: --mode, --proxies, --services, --endpoints,"
                    + " --churn-percent, --tick-ms, --churn-seconds, --debounce-quiet-ms,"
                    + " --debounce-max-ms, --pilot-jvm-flags, --address)");
      }
    }
    List<String> flagList =
        Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    return new PilotLoadOptions(
        delta, proxies, services, endpoints, churn, tick, seconds, quiet, max, flagList, address);
  }
}
