package io.meshbridge.registry.consul;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * Folds what the watches saw into a registry's content. Pure.
 *
 * <p>One mesh service per sanitized Consul service name (see {@link ServiceNames}), across all
 * watched datacenters. Consul gives each instance one port, so a service gets one {@link
 * ServicePort}: its protocol is the most common one among its passing instances; its number is the
 * most common port among them (on a tie, the number it already had, else the lowest); its name is
 * the protocol in lower case. Every endpoint's target port is its own {@code Service.Port}. An
 * instance whose protocol differs from its service's is left out and named. A service with no
 * passing instance keeps the port it last had; one never seen passing is left out and named.
 */
final class SnapshotAssembler {

  /** What one watch of one service in one datacenter last read. */
  record Observed(String datacenter, String consulName, List<ServiceHealth> entries) {
    Observed {
      entries = List.copyOf(entries);
    }
  }

  /** The registry's content, and the service ports to remember for the next round. */
  record Contents(
      List<Service> services,
      List<Endpoint> endpoints,
      List<String> problems,
      Map<ServiceKey, ServicePort> ports) {
    Contents {
      services = List.copyOf(services);
      endpoints = List.copyOf(endpoints);
      problems = List.copyOf(problems);
      ports = Map.copyOf(ports);
    }
  }

  static Contents assemble(
      String namespace,
      String registryId,
      Protocol defaultProtocol,
      List<Observed> observed,
      Map<ServiceKey, ServicePort> previousPorts) {
    List<String> problems = new ArrayList<>();
    Map<ServiceKey, List<Observed>> byKey = new TreeMap<>();
    for (Observed o : observed) {
      Optional<String> name = ServiceNames.sanitize(o.consulName());
      if (name.isEmpty()) {
        problems.add(
            where(o)
                + ": service '"
                + o.consulName()
                + "': no mesh name can be made of it"
                + " (expected: a name with letters or digits); left out");
        continue;
      }
      byKey.computeIfAbsent(ServiceKey.of(namespace, name.get()), k -> new ArrayList<>()).add(o);
    }
    List<Service> services = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    Map<ServiceKey, ServicePort> ports = new HashMap<>();
    byKey.forEach(
        (key, all) -> {
          String winner =
              all.stream().map(Observed::consulName).min(Comparator.naturalOrder()).get();
          List<Candidate> candidates = new ArrayList<>();
          for (Observed o : all) {
            if (!o.consulName().equals(winner)) {
              problems.add(
                  where(o)
                      + ": service '"
                      + o.consulName()
                      + "' and service '"
                      + winner
                      + "' both become mesh service "
                      + key
                      + "; '"
                      + o.consulName()
                      + "' is left out (the first name in lexical order wins)");
              continue;
            }
            for (ServiceHealth entry : o.entries()) {
              EntryConverter.convert(o.datacenter(), entry, defaultProtocol, problems)
                  .ifPresent(candidates::add);
            }
          }
          ServicePort previous = previousPorts.get(key);
          Optional<ServicePort> port = port(candidates, previous);
          if (port.isEmpty()) {
            problems.add(
                "service "
                    + key
                    + " (Consul '"
                    + winner
                    + "'): no passing instance has been"
                    + " seen, so its port is not known; left out until one passes");
            return;
          }
          ServicePort servicePort = port.get();
          ports.put(key, servicePort);
          services.add(new Service(key, List.of(), List.of(servicePort), Map.of()));
          for (Candidate c : candidates) {
            if (c.protocol() != servicePort.protocol()) {
              problems.add(
                  c.description()
                      + ": Service.Meta.protocol: "
                      + c.protocol()
                      + " (expected: "
                      + servicePort.protocol()
                      + ", the protocol of most instances of "
                      + key
                      + "); instance left out");
              continue;
            }
            endpoints.add(
                new Endpoint(
                    key,
                    c.address(),
                    Map.of(servicePort.name(), c.port()),
                    c.labels(),
                    HealthStatus.HEALTHY,
                    c.locality(),
                    c.weight(),
                    registryId));
          }
        });
    return new Contents(services, endpoints, problems, ports);
  }

  /** The service port from the candidates, or the previous one when there are none. */
  static Optional<ServicePort> port(List<Candidate> candidates, @Nullable ServicePort previous) {
    if (candidates.isEmpty()) {
      return Optional.ofNullable(previous);
    }
    Protocol protocol =
        mostCommon(
            candidates,
            Candidate::protocol,
            previous == null ? null : previous.protocol(),
            Comparator.naturalOrder());
    List<Candidate> same = candidates.stream().filter(c -> c.protocol() == protocol).toList();
    int number =
        mostCommon(
            same,
            Candidate::port,
            previous == null ? null : previous.number(),
            Comparator.naturalOrder());
    return Optional.of(new ServicePort(protocol.name().toLowerCase(Locale.ROOT), number, protocol));
  }

  /** The most frequent value; on a tie {@code sticky} if it is among the tied, else the least. */
  private static <T> T mostCommon(
      List<Candidate> candidates,
      Function<Candidate, T> value,
      @Nullable T sticky,
      Comparator<T> order) {
    Map<T, Long> counts =
        candidates.stream().collect(Collectors.groupingBy(value, Collectors.counting()));
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<T> tied =
        counts.entrySet().stream()
            .filter(e -> e.getValue() == max)
            .map(Map.Entry::getKey)
            .sorted(order)
            .toList();
    return sticky != null && tied.contains(sticky) ? sticky : tied.get(0);
  }

  private static String where(Observed o) {
    return o.datacenter().isEmpty() ? "the agent's datacenter" : "datacenter " + o.datacenter();
  }

  private SnapshotAssembler() {}
}
