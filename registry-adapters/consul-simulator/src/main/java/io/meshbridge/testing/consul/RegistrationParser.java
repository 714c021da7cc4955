package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code PUT /v1/agent/service/register} body as Consul does: keys match case-insensitively
 * and in snake case ({@code DeregisterCriticalServiceAfter}, {@code
 * deregister_critical_service_after}); a missing name and invalid checks are 400s with Consul's
 * messages.
 */
final class RegistrationParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The instance and its checks, as the agent would store them. */
  record Registration(ServiceInstance instance, List<SimulatedCheck.Definition> checks) {}

  static Registration parse(byte[] body, String agentNode, String agentAddress) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw HttpError.badRequest("Request decode failed: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw HttpError.badRequest("Request decode failed: expected a JSON object");
    }
    Map<String, JsonNode> fields = normalize(root);
    String name = text(fields, "name");
    if (name.isEmpty()) {
      throw HttpError.badRequest("Missing service name");
    }
    String id = text(fields, "id").isEmpty() ? name : text(fields, "id");
    List<String> tags = new ArrayList<>();
    field(fields, "tags").forEach(t -> tags.add(t.asText()));
    Map<String, String> meta = new LinkedHashMap<>();
    field(fields, "meta").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
    int port = field(fields, "port").asInt(0);
    int weight =
        normalize(field(fields, "weights")).getOrDefault("passing", MAPPER.valueToTree(1)).asInt(1);
    ServiceInstance instance =
        new ServiceInstance(
            id, name, tags, text(fields, "address"), port, meta, agentNode, agentAddress, weight);

    List<JsonNode> checkNodes = new ArrayList<>();
    JsonNode single = field(fields, "check");
    if (single.isObject() && single.size() > 0) {
      checkNodes.add(single);
    }
    field(fields, "checks").forEach(checkNodes::add);
    List<SimulatedCheck.Definition> checks = new ArrayList<>();
    for (int i = 0; i < checkNodes.size(); i++) {
      String defaultId = "service:" + id + (checkNodes.size() > 1 ? ":" + (i + 1) : "");
      checks.add(check(normalize(checkNodes.get(i)), defaultId, id, name));
    }
    return new Registration(instance, checks);
  }

  /** Reads a {@code PUT /v1/agent/check/update/<id>} body: {@code Status} and {@code Output}. */
  static Map<String, String> parseUpdate(byte[] body) {
    try {
      Map<String, JsonNode> fields = normalize(MAPPER.readTree(body));
      return Map.of("status", text(fields, "status"), "output", text(fields, "output"));
    } catch (IOException | RuntimeException e) {
      throw HttpError.badRequest("Request decode failed: " + e.getMessage());
    }
  }

  private static SimulatedCheck.Definition check(
      Map<String, JsonNode> f, String defaultId, String serviceId, String serviceName) {
    SimulatedCheck.Definition d = new SimulatedCheck.Definition();
    String checkId = text(f, "checkid").isEmpty() ? text(f, "id") : text(f, "checkid");
    d.checkId = checkId.isEmpty() ? defaultId : checkId;
    d.name = text(f, "name").isEmpty() ? "Service '" + serviceName + "' check" : text(f, "name");
    d.serviceId = serviceId;
    d.serviceName = serviceName;
    d.http = text(f, "http");
    d.tcp = text(f, "tcp");
    d.interval = text(f, "interval");
    d.timeout = text(f, "timeout");
    d.notes = text(f, "notes");
    d.ttlNanos = duration(f, "ttl");
    d.deregisterAfterText = text(f, "deregistercriticalserviceafter");
    d.deregisterAfterNanos = duration(f, "deregistercriticalserviceafter");
    long intervalNanos = duration(f, "interval");
    boolean unsupported =
        !text(f, "grpc").isEmpty()
            || !text(f, "h2ping").isEmpty()
            || !text(f, "udp").isEmpty()
            || !text(f, "dockercontainerid").isEmpty()
            || !text(f, "aliasservice").isEmpty()
            || !text(f, "aliasnode").isEmpty()
            || !field(f, "args").isEmpty()
            || !field(f, "scriptargs").isEmpty();
    if (unsupported) {
      throw HttpError.badRequest(
          "Invalid check: the simulator records TTL, HTTP and TCP checks"
              + " only (not script, gRPC, H2PING, UDP, Docker or alias checks)");
    }
    boolean intervalCheck = !d.http.isEmpty() || !d.tcp.isEmpty();
    if (intervalNanos > 0 && d.ttlNanos > 0) {
      throw HttpError.badRequest("Invalid check: Interval and TTL cannot both be specified");
    }
    if (intervalCheck && intervalNanos <= 0) {
      throw HttpError.badRequest(
          "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks");
    }
    if (!intervalCheck && d.ttlNanos <= 0) {
      throw HttpError.badRequest("Invalid check: TTL must be > 0 for TTL checks");
    }
    d.type = d.ttlNanos > 0 ? "ttl" : !d.http.isEmpty() ? "http" : "tcp";
    String status = text(f, "status");
    if (!status.isEmpty()) {
      try {
        d.status = CheckStatus.parse(status);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("Invalid check status: \"" + status + "\"");
      }
    }
    return d;
  }

  private static long duration(Map<String, JsonNode> f, String key) {
    String text = text(f, key);
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return GoDuration.parseNanos(text);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("Request decode failed: " + e.getMessage());
    }
  }

  private static Map<String, JsonNode> normalize(@Nullable JsonNode object) {
    Map<String, JsonNode> result = new HashMap<>();
    if (object != null && object.isObject()) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        if (e.getValue().isNull()) {
          continue; // as Go's decoder: null is the zero value, the same as absent
        }
        result.put(e.getKey().replace("_", "").toLowerCase(Locale.ROOT), e.getValue());
      }
    }
    return result;
  }

  private static JsonNode field(Map<String, JsonNode> fields, String key) {
    JsonNode node = fields.get(key);
    return node == null ? MAPPER.missingNode() : node;
  }

  private static String text(Map<String, JsonNode> fields, String key) {
    JsonNode node = fields.get(key);
    return node == null || node.isNull() ? "" : node.asText();
  }

  private RegistrationParser() {}
}
