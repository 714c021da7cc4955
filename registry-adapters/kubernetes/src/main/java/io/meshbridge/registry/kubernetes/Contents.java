package io.meshbridge.registry.kubernetes;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Service;
import java.util.List;

/** A registry's content at one moment, compared to decide whether it is worth publishing. */
record Contents(List<Service> services, List<Endpoint> endpoints, List<String> problems) {

  static final Contents EMPTY = new Contents(List.of(), List.of(), List.of());

  Contents {
    services = List.copyOf(services);
    endpoints = List.copyOf(endpoints);
    problems = List.copyOf(problems);
  }
}
