package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which registry service is which mesh service: one logical service may live in several
 * registries under different names while an estate migrates ({@code consul: default/orders} +
 * {@code eureka: default/orders-service} + {@code k8s-east: shop/orders} → {@code shop/orders}).
 *
 * <p>The default, for every (registry, service) not listed, is the identity: services with the
 * same namespace and name in several registries are one mesh service. A renamed service keeps the
 * host name it had ({@code orders.default.mesh}) as an alias, so clients using it keep working.
 *
 * @param renames (registry id, the key that registry's adapter publishes) → the mesh service
 */
public record ServiceMapping(Map<Source, ServiceKey> renames) {

  public static final ServiceMapping IDENTITY = new ServiceMapping(Map.of());

  /** A service as one registry adapter publishes it. */
  public record Source(String registryId, ServiceKey key) {
    public Source {
      requireNonNull(registryId, "registryId");
      requireNonNull(key, "key");
    }
  }

  public ServiceMapping {
    renames = Map.copyOf(renames);
  }

  /** The mesh service for {@code key} as published by registry {@code registryId}. */
  public ServiceKey meshKey(String registryId, ServiceKey key) {
    return renames.getOrDefault(new Source(registryId, key), key);
  }

  /** {@code snapshot} with every service and endpoint under its mesh service's key. */
  public RegistrySnapshot apply(RegistrySnapshot snapshot) {
    if (renames.isEmpty()) {
      return snapshot;
    }
    String id = snapshot.registryId();
    List<Service> services = new ArrayList<>();
    for (Service s : snapshot.services()) {
      ServiceKey mesh = meshKey(id, s.key());
      services.add(mesh.equals(s.key()) ? s : renamed(s, mesh));
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (Endpoint e : snapshot.endpoints()) {
      ServiceKey mesh = meshKey(id, e.service());
      endpoints.add(
          mesh.equals(e.service())
              ? e
              : new Endpoint(
                  mesh,
                  e.address(),
                  e.ports(),
                  e.labels(),
                  e.health(),
                  e.locality(),
                  e.weight(),
                  e.source()));
    }
    return new RegistrySnapshot(
        id, snapshot.version(), services, endpoints, snapshot.stale(), snapshot.problems());
  }

  private static Service renamed(Service s, ServiceKey mesh) {
    List<String> hostnames = new ArrayList<>(s.hostnames());
    if (!hostnames.contains(s.key().meshHostname())) {
      hostnames.add(s.key().meshHostname());
    }
    return new Service(mesh, hostnames, s.ports(), s.labels(), s.resolution());
  }
}
