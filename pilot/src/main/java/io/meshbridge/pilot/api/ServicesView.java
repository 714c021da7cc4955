package io.meshbridge.pilot.api;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.aggregate.AggregateResult;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of {@code GET /v1/services}. Field names are part of the API: see pilot/README.md.
 *
 * @param services every service of the merged model, in key order
 * @param registries each registry's status, in precedence order
 * @param problems what could not be merged
 * @param conflicts endpoints two registries disagree about (the higher precedence copy serves)
 * @param translationProblems what could not be translated to xDS
 */
public record ServicesView(
    List<ServiceView> services,
    List<RegistryView> registries,
    List<String> problems,
    List<ConflictView> conflicts,
    List<String> translationProblems) {

  /** One service with its endpoints from every registry. */
  public record ServiceView(
      String namespace,
      String name,
      String hostname,
      List<String> hostnames,
      List<PortView> ports,
      SortedMap<String, String> labels,
      String resolution,
      List<EndpointView> endpoints) {}

  /** A service port. */
  public record PortView(String name, int number, String protocol) {}

  /** One endpoint; {@code targetPorts} maps each service port name to the port it listens on. */
  public record EndpointView(
      String address,
      SortedMap<String, Integer> targetPorts,
      SortedMap<String, String> labels,
      String health,
      LocalityView locality,
      int weight,
      String registry) {}

  /** Where an endpoint runs; empty strings mean unknown. */
  public record LocalityView(String region, String zone, String subZone) {}

  /**
   * A registry's state: {@code version} is -1 and {@code synced} false before its first snapshot;
   * {@code lastSync} (ISO-8601) is when its last snapshot that was not stale arrived, or null.
   */
  public record RegistryView(
      String id,
      long version,
      boolean stale,
      boolean synced,
      @Nullable String lastSync,
      int services,
      int endpoints,
      long outages,
      List<String> problems) {}

  /** One endpoint two registries disagree about: whose copy serves, and what differs. */
  public record ConflictView(
      String namespace,
      String name,
      String address,
      SortedMap<String, Integer> targetPorts,
      String kept,
      String overridden,
      String difference) {}

  static ServicesView of(AggregateResult result, List<String> translationProblems) {
    List<ServiceView> services =
        result.model().services().values().stream()
            .map(s -> service(s, result.model().endpointsOf(s.key())))
            .toList();
    List<RegistryView> registries =
        result.registries().stream().map(ServicesView::registry).toList();
    List<ConflictView> conflicts =
        result.conflicts().stream()
            .map(
                c ->
                    new ConflictView(
                        c.service().namespace(),
                        c.service().name(),
                        c.address(),
                        c.targetPorts(),
                        c.kept(),
                        c.overridden(),
                        c.difference()))
            .toList();
    return new ServicesView(
        services, registries, result.problems(), conflicts, translationProblems);
  }

  private static ServiceView service(Service s, List<Endpoint> endpoints) {
    return new ServiceView(
        s.key().namespace(),
        s.key().name(),
        s.key().meshHostname(),
        s.hostnames(),
        s.ports().stream().map(p -> new PortView(p.name(), p.number(), p.protocol().name())).toList(),
        new TreeMap<>(s.labels()),
        s.resolution().name(),
        endpoints.stream().map(e -> endpoint(s, e)).toList());
  }

  private static EndpointView endpoint(Service s, Endpoint e) {
    SortedMap<String, Integer> targets = new TreeMap<>();
    for (ServicePort p : s.ports()) {
      targets.put(p.name(), e.targetPort(p));
    }
    return new EndpointView(
        e.address(),
        targets,
        new TreeMap<>(e.labels()),
        e.health().name(),
        new LocalityView(e.locality().region(), e.locality().zone(), e.locality().subZone()),
        e.weight(),
        e.labels().getOrDefault(Endpoint.REGISTRY_LABEL, e.source()));
  }

  static RegistryView registry(RegistryStatus s) {
    return new RegistryView(
        s.id(),
        s.version(),
        s.stale(),
        s.synced(),
        s.lastSync() == null ? null : s.lastSync().toString(),
        s.services(),
        s.endpoints(),
        s.outages(),
        s.problems());
  }

}
