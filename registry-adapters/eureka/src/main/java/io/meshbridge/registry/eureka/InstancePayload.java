package io.meshbridge.registry.eureka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instance document a {@link EurekaRegistrar} sends: what Eureka's own clients send for a
 * {@code MyOwn} data center, built from a {@link WorkloadInstance}.
 */
final class InstancePayload {

  /** Eureka's application name for a service: its name in upper case, as Eureka keys apps. */
  static String appName(WorkloadInstance instance) {
    return instance.service().name().toUpperCase(Locale.ROOT);
  }

  /**
   * The JSON body of {@code POST apps/<APP>}.
   *
   * @throws IllegalArgumentException naming the field, if Eureka cannot hold the instance: an
   *     address that is no IP address, more than one non-TLS or TLS port, a label key that has no
   *     metadata key ({@link LabelKeys}) or that contradicts a derived key ({@code protocol},
   *     {@code zone}, {@code region})
   */
  static String json(WorkloadInstance instance, String status, EurekaRegistrarConfig config) {
    if (!IpAddresses.isLiteral(instance.address())) {
      throw new IllegalArgumentException(
          "address: '"
              + instance.address()
              + "' (expected: an IP address, which Eureka's ipAddr must be)");
    }
    List<ServicePort> plain =
        instance.ports().stream().filter(p -> p.protocol() != Protocol.TLS).toList();
    List<ServicePort> secure =
        instance.ports().stream().filter(p -> p.protocol() == Protocol.TLS).toList();
    if (plain.size() > 1 || secure.size() > 1) {
      throw new IllegalArgumentException(
          "ports: "
              + instance.ports()
              + " (expected: at most one non-TLS port and one TLS port, Eureka's port and"
              + " securePort)");
    }
    Map<String, String> metadata = new TreeMap<>();
    instance.labels().forEach((label, value) -> metadata.put(LabelKeys.toMetadataKey(label), value));
    if (!plain.isEmpty()) {
      derived(metadata, "protocol", plain.get(0).protocol().name());
    }
    derived(metadata, "zone", instance.locality().zone());
    derived(metadata, "region", instance.locality().region());

    ObjectNode body = ApplicationsJson.MAPPER.createObjectNode();
    ObjectNode json = body.putObject("instance");
    String vip = instance.service().name();
    json.put("instanceId", instance.instanceId())
        .put("hostName", instance.address())
        .put("app", appName(instance))
        .put("ipAddr", instance.address())
        .put("vipAddress", vip)
        .put("secureVipAddress", vip)
        .put("status", status);
    port(json.putObject("port"), plain);
    port(json.putObject("securePort"), secure);
    json.putObject("dataCenterInfo")
        .put("@class", "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo")
        .put("name", "MyOwn");
    json.putObject("leaseInfo")
        .put("renewalIntervalInSecs", config.renewalInterval().toSeconds())
        .put("durationInSecs", config.leaseDuration().toSeconds());
    ObjectNode meta = json.putObject("metadata");
    metadata.forEach(meta::put);
    return body.toString();
  }

  private static void port(ObjectNode node, List<ServicePort> port) {
    node.put("$", port.isEmpty() ? 0 : port.get(0).number())
        .put("@enabled", port.isEmpty() ? "false" : "true");
  }

  private static void derived(Map<String, String> metadata, String key, String value) {
    if (value.isEmpty()) {
      return;
    }
    String label = metadata.putIfAbsent(key, value);
    if (label != null && !label.equals(value)) {
      throw new IllegalArgumentException(
          "labels: "
              + key
              + ": '"
              + label
              + "' contradicts '"
              + value
              + "' from the instance's "
              + (key.equals("protocol") ? "port" : "locality")
              + " (expected: the same value, or no such label)");
    }
  }

  private InstancePayload() {}
}
