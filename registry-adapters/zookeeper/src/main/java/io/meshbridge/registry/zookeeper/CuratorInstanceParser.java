package io.meshbridge.registry.zookeeper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Protocol;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Curator service-discovery instance ({@code ServiceInstance} as JSON) as a tree: the
 * payload's class ({@code @class}) is never loaded, so any payload is accepted, and a payload with
 * a {@code metadata} object (Spring Cloud Zookeeper's {@code ZookeeperInstance}) gives labels.
 *
 * <p>{@code port} becomes a port named after its protocol ({@code metadata.protocol}, default
 * HTTP: {@code http}, {@code grpc}, ...); {@code sslPort} becomes {@code https} (TLS). {@code
 * enabled: false} makes the endpoint UNHEALTHY.
 */
final class CuratorInstanceParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Instance parse(String path, String serviceName, byte[] data)
      throws InvalidInstanceException {
    if (data.length == 0) {
      throw new InvalidInstanceException(
          path, "no data (expected: a Curator service instance as JSON)");
    }
    JsonNode root = readTree(path, data);
    if (!root.isObject()) {
      throw new InvalidInstanceException(path, "JSON " + root.getNodeType().toString()
          .toLowerCase(Locale.ROOT) + " (expected: an object, a Curator service instance)");
    }
    JsonNode addressNode = root.path("address");
    if (!addressNode.isTextual() || addressNode.asText().isBlank()) {
      throw new InvalidInstanceException(path, "address: " + describe(addressNode)
          + " (expected: an IP address or host name)");
    }
    Map<String, String> labels = labels(path, root.path("payload"));
    Protocol protocol = Protocol.HTTP;
    String declared = labels.get("protocol");
    if (declared != null) {
      try {
        protocol = Protocol.parse(declared);
      } catch (IllegalArgumentException e) {
        throw new InvalidInstanceException(path, "payload.metadata." + e.getMessage());
      }
    }
    Integer port = port(path, root, "port");
    Integer sslPort = port(path, root, "sslPort");
    if (port == null && sslPort == null) {
      throw new InvalidInstanceException(path, "port: missing (expected: port or sslPort, 1..65535)");
    }
    Map<String, Instance.Port> ports = new TreeMap<>();
    if (port != null) {
      ports.put(protocol.name().toLowerCase(Locale.ROOT), new Instance.Port(port, protocol));
    }
    if (sslPort != null) {
      if (ports.containsKey("https")) {
        throw new InvalidInstanceException(path,
            "payload.metadata.protocol: 'https' names the same port as sslPort (expected: TLS)");
      }
      ports.put("https", new Instance.Port(sslPort, Protocol.TLS));
    }
    JsonNode enabled = root.path("enabled");
    HealthStatus health =
        enabled.isBoolean() && !enabled.booleanValue() ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY;
    return new Instance(path, serviceName, ServiceNames.sanitize(serviceName),
        addressNode.asText(), new TreeMap<>(ports), labels, health);
  }

  private static JsonNode readTree(String path, byte[] data) throws InvalidInstanceException {
    try {
      return MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidInstanceException(path, "invalid JSON" + where + ": " + e.getOriginalMessage()
          + " (expected: a Curator service instance)");
    } catch (IOException e) {
      throw new InvalidInstanceException(path, "unreadable data: " + e.getMessage());
    }
  }

  private static @Nullable Integer port(String path, JsonNode root, String field)
      throws InvalidInstanceException {
    JsonNode node = root.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 65535) {
      throw new InvalidInstanceException(path, field + ": " + describe(node) + " (expected: 1..65535)");
    }
    return node.intValue();
  }

  /** {@code payload.metadata} as labels; any other payload gives none. */
  private static Map<String, String> labels(String path, JsonNode payload)
      throws InvalidInstanceException {
    JsonNode metadata = payload.path("metadata");
    if (metadata.isMissingNode() || metadata.isNull()) {
      return Map.of();
    }
    if (!metadata.isObject()) {
      throw new InvalidInstanceException(path,
          "payload.metadata: " + describe(metadata) + " (expected: an object of strings)");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue;
      }
      labels.put(entry.getKey(), value.isValueNode() ? value.asText() : value.toString());
    }
    return labels;
  }

  private static String describe(JsonNode node) {
    if (node.isMissingNode()) {
      return "missing";
    }
    return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
  }

  private CuratorInstanceParser() {}
}
