package io.meshbridge.registry.file;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Service;
import java.util.List;

/**
 * What one valid file contributes.
 *
 * @param services the services it defines, each with the endpoints listed under it
 * @param endpoints its top-level endpoints, of services defined anywhere
 */
record ParsedFile(List<ServiceDefinition> services, List<Endpoint> endpoints) {

  static final ParsedFile EMPTY = new ParsedFile(List.of(), List.of());

  ParsedFile {
    services = List.copyOf(services);
    endpoints = List.copyOf(endpoints);
  }

  /**
   * One service as a file defines it.
   *
   * @param origin where, for conflict reports: {@code hello.yaml:2:5: services[0]}
   */
  record ServiceDefinition(Service service, List<Endpoint> endpoints, String origin) {
    ServiceDefinition {
      requireNonNull(service, "service");
      endpoints = List.copyOf(endpoints);
      requireNonNull(origin, "origin");
    }
  }
}
