package io.meshbridge.registry.kubernetes;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Service;
import java.util.Map;

/**
 * A Kubernetes Service as the model sees it, and how its Kubernetes port names (possibly {@code ""}
 * for a single unnamed port) map to the model's port names, for reading its EndpointSlices.
 */
record MappedService(Service service, Map<String, String> portNames) {

  MappedService {
    requireNonNull(service, "service");
    portNames = Map.copyOf(portNames);
  }
}
