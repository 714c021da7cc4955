package io.meshbridge.registry.eureka;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.registry.eureka.ConvertedInstance.PortUse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads one Eureka instance object into a {@link ConvertedInstance}. Field rules are listed in the
 * module README; anything unreadable throws {@link InvalidInstanceException} naming the field.
 */
final class InstanceConverter {

  /** Metadata key: the service port number this instance's {@code port} is published on. */
  static final String SERVICE_PORT_KEY = "meshbridge.servicePort";

  /** Metadata key: the service port number this instance's {@code securePort} is published on. */
  static final String SECURE_SERVICE_PORT_KEY = "meshbridge.secureServicePort";

  static ConvertedInstance convert(InstanceRecord instance) {
    JsonNode json = instance.json();
    Map<String, String> metadata = metadata(json.get("metadata"));
    String address = ApplicationsJson.text(json, "ipAddr", "");
    if (!IpAddresses.isLiteral(address)) {
      throw new InvalidInstanceException(
          "ipAddr: '" + address + "' (expected: an IPv4 or IPv6 address)");
    }
    List<String> services =
        ServiceNames.of(ApplicationsJson.text(json, "vipAddress", ""), instance.app());
    if (services.isEmpty()) {
      throw new InvalidInstanceException(
          "vipAddress: '"
              + ApplicationsJson.text(json, "vipAddress", "")
              + "' and app: '"
              + instance.app()
              + "' give no service name"
              + " (expected: letters or digits)");
    }
    Protocol protocol = protocol(metadata.get("protocol"));
    PortUse plain =
        port(json, "port", true, metadata.get(SERVICE_PORT_KEY), SERVICE_PORT_KEY, protocol);
    PortUse secure =
        port(
            json,
            "securePort",
            false,
            metadata.get(SECURE_SERVICE_PORT_KEY),
            SECURE_SERVICE_PORT_KEY,
            Protocol.TLS);
    if (plain == null && secure == null) {
      throw new InvalidInstanceException(
          "port: "
              + (json.has("port") ? "disabled" : "missing")
              + ", securePort: "
              + (json.has("securePort") ? "disabled" : "missing")
              + " (expected: at least one enabled port)");
    }
    HealthStatus health =
        "UP".equals(instance.status()) ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    return new ConvertedInstance(
        instance,
        services,
        address,
        plain,
        secure,
        metadata,
        health,
        locality(metadata, json.path("dataCenterInfo")));
  }

  /**
   * Metadata as labels ({@code security.istio.io__tlsMode} is {@code security.istio.io/tlsMode},
   * see {@link LabelKeys}); Eureka's {@code "@class"} marker of an empty map is dropped.
   */
  private static Map<String, String> metadata(@Nullable JsonNode node) {
    Map<String, String> labels = new TreeMap<>();
    if (node == null || node.isNull()) {
      return labels;
    }
    if (!node.isObject()) {
      throw new InvalidInstanceException("metadata: " + node + " (expected: an object)");
    }
    node.properties()
        .forEach(
            field -> {
              if (field.getKey().equals("@class")) {
                return;
              }
              if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new InvalidInstanceException(
                    "metadata."
                        + field.getKey()
                        + ": "
                        + field.getValue()
                        + " (expected: a string)");
              }
              String label = LabelKeys.toLabel(field.getKey());
              if (labels.put(label, field.getValue().asText()) != null) {
                throw new InvalidInstanceException("metadata." + field.getKey() + ": label '"
                    + label + "' given twice (expected: one of " + label + " and "
                    + label.replace("/", LabelKeys.SLASH) + ")");
              }
            });
    return labels;
  }

  private static Protocol protocol(@Nullable String value) {
    if (value == null) {
      return Protocol.HTTP;
    }
    try {
      return Protocol.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInstanceException("metadata." + e.getMessage());
    }
  }

  /** An enabled port, null if disabled or missing; Eureka's defaults when {@code @enabled} is. */
  private static @Nullable PortUse port(
      JsonNode json,
      String field,
      boolean enabledByDefault,
      @Nullable String servicePort,
      String servicePortKey,
      Protocol protocol) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode enabled = node.get("@enabled");
    boolean on = enabled == null ? enabledByDefault : enabled.asText().equalsIgnoreCase("true");
    if (!on) {
      return null;
    }
    JsonNode number = node.get("$");
    int port = number(field + ".$", number == null || number.isNull() ? null : number.asText());
    int published = servicePort == null ? port : number("metadata." + servicePortKey, servicePort);
    return new PortUse(port, published, protocol);
  }

  private static int number(String field, @Nullable String text) {
    if (text == null) {
      throw new InvalidInstanceException(field + ": missing (expected: 1..65535)");
    }
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the field.
    }
    throw new InvalidInstanceException(field + ": '" + text + "' (expected: 1..65535)");
  }

  /**
   * Zone from {@code metadata.zone}, else the Amazon data center's {@code availability-zone};
   * region from {@code metadata.region}, else that zone less its last letter ({@code us-east-1a} is
   * in {@code us-east-1}).
   */
  private static Locality locality(Map<String, String> metadata, JsonNode dataCenter) {
    String az = dataCenter.path("metadata").path("availability-zone").asText("");
    String zone = metadata.getOrDefault("zone", az);
    String region = metadata.get("region");
    if (region == null) {
      region = az.matches(".*[0-9][a-z]") ? az.substring(0, az.length() - 1) : "";
    }
    return new Locality(region, zone, "");
  }

  private InstanceConverter() {}
}
