package io.meshbridge.registry.eureka;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.registry.eureka.ConvertedInstance.PortUse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns the instances of the local registry copy into services, endpoints and problems: a pure
 * function. Each VIP address is a service; its ports are {@code port} (named after its protocol,
 * e.g. {@code http}) and {@code securePort} (named {@code https}), each published on the service
 * port number most of its instances ask for (ties: the lowest).
 */
final class SnapshotAssembler {

  /** What one registry read gives. */
  record Contents(List<Service> services, List<Endpoint> endpoints, List<String> problems) {
    Contents {
      services = List.copyOf(services);
      endpoints = List.copyOf(endpoints);
      problems = List.copyOf(problems);
    }
  }

  static Contents assemble(List<InstanceRecord> instances, String namespace, String registryId) {
    List<String> problems = new ArrayList<>();
    Map<String, List<ConvertedInstance>> byService = new TreeMap<>();
    for (InstanceRecord instance : instances) {
      try {
        ConvertedInstance converted = InstanceConverter.convert(instance);
        for (String service : converted.services()) {
          byService.computeIfAbsent(service, name -> new ArrayList<>()).add(converted);
        }
      } catch (InvalidInstanceException e) {
        problems.add(instance.describe() + ": " + e.getMessage() + "; instance skipped");
      }
    }
    List<Service> services = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    byService.forEach(
        (name, members) -> {
          ServiceKey key = ServiceKey.of(namespace, name);
          new ServiceBuilder(key, registryId, members, problems).build(services, endpoints);
        });
    return new Contents(services, endpoints, problems);
  }

  /** Decides one service's ports and endpoints. */
  private static final class ServiceBuilder {
    private final ServiceKey key;
    private final String registryId;
    private final List<ConvertedInstance> members;
    private final List<String> problems;

    ServiceBuilder(
        ServiceKey key, String registryId, List<ConvertedInstance> members, List<String> problems) {
      this.key = key;
      this.registryId = registryId;
      this.members = members;
      this.problems = problems;
    }

    void build(List<Service> services, List<Endpoint> endpoints) {
      long plain = members.stream().filter(m -> m.plain() != null).count();
      long secure = members.stream().filter(m -> m.secure() != null).count();
      // The model gives every endpoint every port of its service, so a port is published only if
      // every instance has it; when none is shared, the one most instances have is kept.
      boolean withPlain = plain == members.size() || (secure < members.size() && plain >= secure);
      boolean withSecure = secure == members.size() || (!withPlain);
      List<ConvertedInstance> kept = new ArrayList<>();
      for (ConvertedInstance m : members) {
        if ((withPlain && m.plain() == null) || (withSecure && m.secure() == null)) {
          String missing = withPlain && m.plain() == null ? "port" : "securePort";
          problems.add(
              m.source().describe()
                  + ": "
                  + missing
                  + " not enabled, but service "
                  + key
                  + " is published on it (expected: the same enabled ports on every instance);"
                  + " instance left out of the service");
          continue;
        }
        if (!withPlain && m.plain() != null) {
          unpublished(m, "port", m.plain());
        }
        if (!withSecure && m.secure() != null) {
          unpublished(m, "securePort", m.secure());
        }
        kept.add(m);
      }
      List<ServicePort> ports = new ArrayList<>();
      if (withPlain) {
        Protocol protocol = protocol(kept);
        ports.add(
            new ServicePort(
                protocol.name().toLowerCase(Locale.ROOT),
                vote(kept, m -> required(m.plain()).servicePort()),
                protocol));
      }
      if (withSecure) {
        ports.add(
            new ServicePort(
                "https", vote(kept, m -> required(m.secure()).servicePort()), Protocol.TLS));
      }
      Service service;
      try {
        service = new Service(key, List.of(), ports, Map.of());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage() + "; service skipped");
        return;
      }
      services.add(service);
      for (ConvertedInstance m : kept) {
        Map<String, Integer> targets = new HashMap<>();
        if (withPlain) {
          targets.put(ports.get(0).name(), required(m.plain()).port());
        }
        if (withSecure) {
          targets.put("https", required(m.secure()).port());
        }
        endpoints.add(
            new Endpoint(
                key, m.address(), targets, m.labels(), m.health(), m.locality(), 1, registryId));
      }
    }

    private void unpublished(ConvertedInstance m, String field, PortUse port) {
      problems.add(
          m.source().describe()
              + ": "
              + field
              + " "
              + port.port()
              + " not published:"
              + " not every instance of service "
              + key
              + " enables it"
              + " (expected: the same enabled ports on every instance)");
    }

    /** The protocol most instances give; a disagreement is a problem. */
    private Protocol protocol(List<ConvertedInstance> kept) {
      Map<Protocol, Integer> counts = new TreeMap<>();
      kept.forEach(m -> counts.merge(required(m.plain()).protocol(), 1, Integer::sum));
      Protocol chosen =
          counts.entrySet().stream()
              .max(
                  Map.Entry.<Protocol, Integer>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
              .map(Map.Entry::getKey)
              .orElse(Protocol.HTTP);
      if (counts.size() > 1) {
        problems.add(
            "service "
                + key
                + ": instances disagree on metadata.protocol "
                + counts
                + "; using "
                + chosen);
      }
      return chosen;
    }
  }

  /** The service port number most instances ask for; ties go to the lowest. */
  private static int vote(List<ConvertedInstance> kept, Function<ConvertedInstance, Integer> ask) {
    Map<Integer, Integer> counts = new TreeMap<>();
    kept.forEach(m -> counts.merge(ask.apply(m), 1, Integer::sum));
    int best = 0;
    int bestCount = 0;
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  /** A port of an instance kept for that port, which it therefore has. */
  private static PortUse required(@Nullable PortUse port) {
    if (port == null) {
      throw new IllegalStateException("an instance was kept without the port it was kept for");
    }
    return port;
  }

  private SnapshotAssembler() {}
}
