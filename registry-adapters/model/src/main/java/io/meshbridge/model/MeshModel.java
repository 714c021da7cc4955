package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The merged view of every registry: each service once, with the endpoints of every source.
 *
 * @param services by key, in key order so that translation is deterministic
 * @param endpoints by service key; every service in {@code services} has an entry, possibly empty
 */
public record MeshModel(
    SortedMap<ServiceKey, Service> services, Map<ServiceKey, List<Endpoint>> endpoints) {

  public static final MeshModel EMPTY = of(List.of(), List.of());

  public MeshModel {
    requireNonNull(services, "services");
    requireNonNull(endpoints, "endpoints");
    services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    Map<ServiceKey, List<Endpoint>> copy = new TreeMap<>();
    for (ServiceKey key : services.keySet()) {
      copy.put(key, List.copyOf(endpoints.getOrDefault(key, List.of())));
    }
    for (ServiceKey key : endpoints.keySet()) {
      if (!services.containsKey(key)) {
        throw new IllegalArgumentException("endpoints: service " + key + " is not in services");
      }
    }
    endpoints = Collections.unmodifiableMap(copy);
  }

  /**
   * Builds a model from services and endpoints.
   *
   * @throws IllegalArgumentException if an endpoint names a service that is not given; callers
   *     that merge registries filter and report those first
   */
  public static MeshModel of(List<Service> services, List<Endpoint> endpoints) {
    SortedMap<ServiceKey, Service> byKey = new TreeMap<>();
    for (Service s : services) {
      byKey.put(s.key(), s);
    }
    Map<ServiceKey, List<Endpoint>> eps = new TreeMap<>();
    for (Endpoint e : endpoints) {
      eps.computeIfAbsent(e.service(), k -> new ArrayList<>()).add(e);
    }
    return new MeshModel(byKey, eps);
  }

  public List<Endpoint> endpointsOf(ServiceKey key) {
    return endpoints.getOrDefault(key, List.of());
  }
}
