package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything one registry adapter sees at one moment: complete, never a diff.
 *
 * @param registryId the adapter instance's id, unique within a pilot
 * @param version increases with every snapshot the adapter publishes
 * @param services the services it knows
 * @param endpoints their endpoints; each names its service, which need not be in {@code services}
 *     when another registry defines it
 * @param stale true when the registry cannot be reached and this is the last good content
 * @param problems what the adapter could not read, each naming the thing and the field (e.g. {@code
 *     "orders.yaml:12:9: services[0].ports[1].number: 'abc' (expected: 1..65535)"}); the rest of
 *     the snapshot is still good
 */
public record RegistrySnapshot(
    String registryId,
    long version,
    List<Service> services,
    List<Endpoint> endpoints,
    boolean stale,
    List<String> problems) {

  public RegistrySnapshot {
    requireNonNull(registryId, "registryId");
    services = List.copyOf(services);
    endpoints = List.copyOf(endpoints);
    problems = List.copyOf(problems);
  }

  /** The same content, marked stale: what an adapter publishes when its registry goes away. */
  public RegistrySnapshot asStale(long newVersion, String problem) {
    return new RegistrySnapshot(
        registryId,
        newVersion,
        services,
        endpoints,
        true,
        java.util.stream.Stream.concat(problems.stream(), java.util.stream.Stream.of(problem))
            .toList());
  }
}
