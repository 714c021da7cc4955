package io.meshbridge.bench.pilot;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generated mesh of the shape the benchmark asks for: {@code services} HTTP services on port 8080
 * spread over 10 namespaces, {@code endpoints} endpoints spread evenly over them, and the
 * {@linkplain Clock clock} service. Addresses are in 127.0.0.0/8 (never connected to: the simulated
 * proxies only read their configuration).
 */
public final class SyntheticMesh {

  static final int PORT = 8080;
  static final String REGISTRY_ID = "bench";
  private static final ServicePort HTTP = new ServicePort("http", PORT, Protocol.HTTP);

  private SyntheticMesh() {}

  public static List<Service> services(int count) {
    List<Service> services = new ArrayList<>(count + 1);
    for (int i = 0; i < count; i++) {
      services.add(new Service(key(i), List.of(), List.of(HTTP), Map.of("app", "svc-" + i)));
    }
    services.add(new Service(Clock.KEY, List.of(), List.of(HTTP), Map.of()));
    return services;
  }

  static ServiceKey key(int service) {
    return ServiceKey.of("ns-" + (service % 10), "svc-" + service);
  }

  /** Endpoint {@code i} of {@code services}, at the {@code generation}-th address it has had. */
  public static Endpoint endpoint(int i, int services, int generation) {
    // 127.x.y.z with x >= 2: out of the way of 127.0.0.1; unique per (i, generation).
    long n = (long) generation * 1_000_003L + i;
    String address = "127." + (2 + (n >> 16) % 250) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    return new Endpoint(
        key(i % services),
        address,
        Map.of("http", 18000 + (int) (n % 1000)),
        Map.of("version", "v" + (generation % 3)),
        HealthStatus.HEALTHY,
        new Locality("region-" + (i % 3), "zone-" + (i % 6), ""),
        1,
        REGISTRY_ID);
  }

  /**
   * The clock service's one endpoint carries the number of the last churn tick in a label, so a
   * simulated proxy can tell which changes a push contains: a snapshot is consistent, so tick
   * {@code t} in it means every change of ticks up to {@code t} is in it too.
   */
  static final class Clock {
    static final ServiceKey KEY = ServiceKey.of("bench", "clock");
    static final String TICK_LABEL = "bench.meshbridge.io/tick";
    static final String CLUSTER = "outbound|" + PORT + "||" + KEY.meshHostname();

    static Endpoint endpoint(long tick) {
      return new Endpoint(
          KEY,
          "127.1.0.1",
          Map.of(),
          Map.of(TICK_LABEL, Long.toString(tick)),
          HealthStatus.HEALTHY,
          Locality.UNKNOWN,
          1,
          REGISTRY_ID);
    }

    private Clock() {}
  }
}
