package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Eureka instance read into the model's terms, before it is grouped into services.
 *
 * @param source what Eureka sent
 * @param services the mesh service names it belongs to (one per VIP address)
 * @param address its IP address
 * @param plain its {@code port}, if enabled
 * @param secure its {@code securePort}, if enabled
 * @param labels its metadata
 * @param health {@code HEALTHY} for status {@code UP}, else {@code UNHEALTHY}
 * @param locality from its metadata or its data center info
 */
record ConvertedInstance(
    InstanceRecord source,
    List<String> services,
    String address,
    @Nullable PortUse plain,
    @Nullable PortUse secure,
    Map<String, String> labels,
    HealthStatus health,
    Locality locality) {

  ConvertedInstance {
    requireNonNull(source, "source");
    services = List.copyOf(services);
    requireNonNull(address, "address");
    labels = Map.copyOf(labels);
    requireNonNull(health, "health");
    requireNonNull(locality, "locality");
  }

  /**
   * One enabled Eureka port.
   *
   * @param port the port the instance listens on
   * @param servicePort the service port number this instance asks for: its {@code
   *     meshbridge.servicePort} (or {@code meshbridge.secureServicePort}) metadata, else {@code
   *     port}
   * @param protocol {@code metadata.protocol} for {@code port} (default HTTP); TLS for {@code
   *     securePort}
   */
  record PortUse(int port, int servicePort, Protocol protocol) {
    PortUse {
      requireNonNull(protocol, "protocol");
    }
  }
}
