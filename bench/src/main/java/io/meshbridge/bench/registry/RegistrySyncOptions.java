package io.meshbridge.bench.registry;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link RegistrySync} does; {@code --key value} arguments, each with a default.
 *
 * @param registry file, zookeeper, eureka, consul or kubernetes
 * @param shape services × instances per service
 * @param changes how many changes (alternately add and remove one instance)
 * @param paceMillis pause after a change was ACKed before the next is written: longer than
 *     pilot's debounce quiet period (100 ms), so each change starts from an idle debouncer
 * @param eurekaFetchMillis pilot's Eureka {@code fetchInterval}
 * @param delta the simulated proxy's stream is incremental rather than state of the world
 * @param pilotJvmFlags flags of the pilot JVM, space-separated
 * @param work where logs, pilot.yaml and the file registry go
 */
record RegistrySyncOptions(
    String registry,
    Shape shape,
    int changes,
    long paceMillis,
    long eurekaFetchMillis,
    boolean delta,
    List<String> pilotJvmFlags,
    Path work) {

  static final List<String> REGISTRIES =
      List.of("file", "zookeeper", "eureka", "consul", "kubernetes");

  RegistrySyncOptions {
    pilotJvmFlags = List.copyOf(pilotJvmFlags);
    if (!REGISTRIES.contains(registry)) {
      throw new IllegalArgumentException(
          "--registry: '" + registry + "' (expected one of: " + REGISTRIES + ")");
    }
    if (changes < 2 || changes % 2 != 0) {
      throw new IllegalArgumentException("--changes: " + changes + " (expected: even, >= 2)");
    }
  }

  static RegistrySyncOptions parse(String[] args) {
    Map<String, String> a = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("argument " + i + ": '" + args[i] + "' (expected: --key)");
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("'" + args[args.length - 1] + "' has no value");
    }
    RegistrySyncOptions o =
        new RegistrySyncOptions(
            a.getOrDefault("registry", "file"),
            new Shape(
                Integer.parseInt(a.getOrDefault("services", "1000")),
                Integer.parseInt(a.getOrDefault("instances", "10"))),
            Integer.parseInt(a.getOrDefault("changes", "100")),
            Long.parseLong(a.getOrDefault("pace-ms", "300")),
            Long.parseLong(a.getOrDefault("eureka-fetch-ms", "1000")),
            a.getOrDefault("mode", "sotw").equals("delta"),
            Arrays.stream(a.getOrDefault("pilot-jvm-flags", "-Xmx512m").trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList(),
            Path.of(a.getOrDefault("work", System.getProperty("java.io.tmpdir"))));
    List<String> known =
        List.of(
            "registry", "services", "instances", "changes", "pace-ms", "eureka-fetch-ms", "mode",
            "pilot-jvm-flags", "work");
    for (String key : a.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("--" + key + ": unknown (known: " + known + ")");
      }
    }
    return o;
  }
}
