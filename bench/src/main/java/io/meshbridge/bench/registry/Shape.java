package io.meshbridge.bench.registry;

import java.util.Locale;

/**
 * The mesh every registry is filled with: {@code services} services {@code svc-0000...} in
 * namespace {@code default}, each with one HTTP port 8080 and {@code instances} instances at
 * distinct addresses {@code 10.<i/256>.<i%256>.<j+1>}. Changes add and remove one more instance,
 * {@code 10.<i/256>.<i%256>.250}, of one service.
 */
record Shape(int services, int instances) {

  static final int PORT = 8080;
  static final String NAMESPACE = "default";

  Shape {
    if (services < 1 || services > 65_536) {
      throw new IllegalArgumentException("services: " + services + " (expected: 1..65536)");
    }
    if (instances < 1 || instances > 200) {
      throw new IllegalArgumentException("instances: " + instances + " (expected: 1..200)");
    }
  }

  int endpoints() {
    return services * instances;
  }

  static String service(int i) {
    return String.format(Locale.ROOT, "svc-%04d", i);
  }

  static String address(int service, int instance) {
    return "10." + (service / 256) + "." + (service % 256) + "." + (instance + 1);
  }

  /** The instance id of instance {@code instance} of {@code service}, unique in the registry. */
  static String instanceId(int service, int instance) {
    return service(service) + "-" + instance;
  }

  static final int EXTRA = 249; // address ...250, id svc-NNNN-249: never one of the populated

  /** Pilot's load assignment (cluster) name of a service: {@code docs/xds.md}. */
  static String cluster(int service) {
    return "outbound|" + PORT + "||" + service(service) + "." + NAMESPACE + ".mesh";
  }
}
