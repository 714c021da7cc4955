package io.meshbridge.registry.consul;

import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kiwiproject.consul.model.catalog.ServiceWeights;
import org.kiwiproject.consul.model.health.Service;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * Reads one {@code /v1/health/service} entry into a {@link Candidate}, or names what is wrong with
 * it. Pure.
 *
 * <ul>
 *   <li>address: {@code Service.Address}, or {@code Node.Address} when empty (as Consul documents);
 *       must be an IP address or a host name;
 *   <li>port: {@code Service.Port}, 1..65535;
 *   <li>protocol: {@code Service.Meta.protocol} (HTTP, HTTP2, GRPC, TCP, TLS, any case), else the
 *       default;
 *   <li>labels: a tag {@code key=value} gives label {@code key: value}; any other tag {@code t}
 *       gives label {@code tag.t: ""}; {@code Service.Meta} entries are labels as they are and win
 *       over tags with the same key;
 *   <li>weight: {@code Service.Weights.Passing} (Consul's default 1), 1..1000;
 *   <li>locality: region = the datacenter ({@code Node.Datacenter}, else the one queried).
 * </ul>
 */
final class EntryConverter {

  static final String TAG_LABEL_PREFIX = "tag.";
  static final String PROTOCOL_META = "protocol";

  static Optional<Candidate> convert(
      String datacenter, ServiceHealth entry, Protocol defaultProtocol, List<String> problems) {
    Service service = entry.getService();
    String dc = entry.getNode().getDatacenter().filter(d -> !d.isEmpty()).orElse(datacenter);
    String where = dc.isEmpty() ? "the agent's datacenter" : "datacenter " + dc;
    String description =
        where
            + ": service "
            + service.getService()
            + ": instance "
            + service.getId()
            + " (node "
            + entry.getNode().getNode()
            + ")";
    String address =
        service.getAddress().isEmpty() ? entry.getNode().getAddress() : service.getAddress();
    if (!Addresses.isValid(address)) {
      String field = service.getAddress().isEmpty() ? "Node.Address" : "Service.Address";
      problems.add(
          description
              + ": "
              + field
              + ": '"
              + address
              + "' (expected: an IP address or host name); instance left out");
      return Optional.empty();
    }
    int port = service.getPort();
    if (port < 1 || port > 65535) {
      problems.add(
          description + ": Service.Port: " + port + " (expected: 1..65535); instance left out");
      return Optional.empty();
    }
    Protocol protocol = defaultProtocol;
    String declared = service.getMeta().get(PROTOCOL_META);
    if (declared != null) {
      try {
        protocol = Protocol.parse(declared);
      } catch (IllegalArgumentException e) {
        problems.add(description + ": Service.Meta." + e.getMessage() + "; instance left out");
        return Optional.empty();
      }
    }
    int weight = service.getWeights().map(ServiceWeights::getPassing).orElse(1);
    if (weight < 1 || weight > 1000) {
      problems.add(
          description
              + ": Service.Weights.Passing: "
              + weight
              + " (expected: 1..1000); instance left out");
      return Optional.empty();
    }
    return Optional.of(
        new Candidate(
            description,
            address,
            port,
            protocol,
            labels(service),
            new Locality(dc, "", ""),
            weight));
  }

  static Map<String, String> labels(Service service) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String tag : service.getTags()) {
      int eq = tag.indexOf('=');
      if (eq > 0) {
        labels.put(tag.substring(0, eq), tag.substring(eq + 1));
      } else {
        labels.put(TAG_LABEL_PREFIX + tag, "");
      }
    }
    labels.putAll(service.getMeta());
    return labels;
  }

  private EntryConverter() {}
}
