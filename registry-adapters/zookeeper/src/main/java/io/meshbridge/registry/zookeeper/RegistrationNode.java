package io.meshbridge.registry.zookeeper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.utils.ZKPaths;

/**
 * The znode that registers a workload, as the layout's own clients write it: for {@link
 * ZooKeeperLayout#CURATOR} a Spring Cloud Zookeeper style {@code ServiceInstance} JSON at {@code
 * <base>/<service name>/<instance id>}; for {@link ZooKeeperLayout#DUBBO} a provider URL at {@code
 * <base>/<interface>/providers/<URL-encoded URL>} with no data.
 */
record RegistrationNode(String path, byte[] data) {

  /** Spring Cloud Zookeeper's payload class: written as a name only, never loaded. */
  static final String SPRING_PAYLOAD_CLASS =
      "org.springframework.cloud.zookeeper.discovery.ZookeeperInstance";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static RegistrationNode of(ZooKeeperLayout layout, String basePath, WorkloadInstance instance,
      Clock clock) {
    return switch (layout) {
      case CURATOR -> curator(basePath, instance, clock);
      case DUBBO -> dubbo(basePath, instance, clock);
    };
  }

  private static RegistrationNode curator(String basePath, WorkloadInstance instance, Clock clock) {
    List<ServicePort> plain =
        instance.ports().stream().filter(p -> p.protocol() != Protocol.TLS).toList();
    List<ServicePort> tls =
        instance.ports().stream().filter(p -> p.protocol() == Protocol.TLS).toList();
    if (plain.size() > 1 || tls.size() > 1) {
      throw new RegistrationException("ports: " + instance.ports()
          + " (expected for the Curator layout: at most one non-TLS port and one TLS port)");
    }
    String name = instance.service().name();
    ObjectNode metadata = MAPPER.createObjectNode();
    new TreeMap<>(instance.labels()).forEach(metadata::put);
    if (!plain.isEmpty()) {
      metadata.put("protocol", plain.get(0).protocol().name().toLowerCase(Locale.ROOT));
    }
    ObjectNode payload = MAPPER.createObjectNode()
        .put("@class", SPRING_PAYLOAD_CLASS)
        .put("id", name)
        .put("name", name);
    payload.set("metadata", metadata);
    ObjectNode json = MAPPER.createObjectNode()
        .put("name", name)
        .put("id", instance.instanceId())
        .put("address", instance.address());
    json.put("port", plain.isEmpty() ? null : plain.get(0).number());
    json.put("sslPort", tls.isEmpty() ? null : tls.get(0).number());
    json.set("payload", payload);
    json.put("registrationTimeUTC", clock.millis())
        .put("serviceType", "DYNAMIC");
    json.set("uriSpec", uriSpec(!plain.isEmpty()));
    json.put("enabled", true);
    try {
      return new RegistrationNode(ZKPaths.makePath(basePath, name, instance.instanceId()),
          MAPPER.writeValueAsBytes(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + instance.instanceId(), e);
    }
  }

  /** {@code {scheme}://{address}:{port}} as Curator's {@code UriSpec} serializes it. */
  private static ObjectNode uriSpec(boolean plainPort) {
    ArrayNode parts = MAPPER.createArrayNode();
    parts.addObject().put("value", "scheme").put("variable", true);
    parts.addObject().put("value", "://").put("variable", false);
    parts.addObject().put("value", "address").put("variable", true);
    parts.addObject().put("value", ":").put("variable", false);
    parts.addObject().put("value", plainPort ? "port" : "ssl-port").put("variable", true);
    ObjectNode spec = MAPPER.createObjectNode();
    spec.set("parts", parts);
    return spec;
  }

  private static RegistrationNode dubbo(String basePath, WorkloadInstance instance, Clock clock) {
    if (instance.ports().size() != 1) {
      throw new RegistrationException("ports: " + instance.ports()
          + " (expected for the Dubbo layout: exactly one port; one provider URL per protocol)");
    }
    ServicePort port = instance.ports().get(0);
    String scheme = switch (port.protocol()) {
      case TCP -> "dubbo";
      case GRPC -> "tri";
      case HTTP -> "rest";
      default -> throw new RegistrationException("ports[0].protocol: " + port.protocol()
          + " (expected for the Dubbo layout: TCP (dubbo), GRPC (tri) or HTTP (rest))");
    };
    String interfaceName =
        instance.labels().getOrDefault("interface", instance.service().name());
    Map<String, String> params = new TreeMap<>(instance.labels());
    params.putIfAbsent("application", instance.service().name());
    params.put("interface", interfaceName);
    params.put("side", "provider");
    params.putIfAbsent("timestamp", Long.toString(clock.millis()));
    StringBuilder url = new StringBuilder(scheme).append("://").append(host(instance.address()))
        .append(':').append(port.number()).append('/').append(interfaceName);
    char separator = '?';
    for (Map.Entry<String, String> param : params.entrySet()) {
      url.append(separator).append(param.getKey()).append('=').append(param.getValue());
      separator = '&';
    }
    String encoded = URLEncoder.encode(url.toString(), StandardCharsets.UTF_8);
    return new RegistrationNode(
        ZKPaths.makePath(basePath, interfaceName, "providers", encoded), new byte[0]);
  }

  private static String host(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }
}
