package io.meshbridge.registry.eureka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the body of {@code GET /eureka/apps} and {@code GET /eureka/apps/delta}:
 *
 * <pre>{@code
 * {"applications": {"versions__delta": "1", "apps__hashcode": "UP_2_",
 *   "application": [{"name": "ORDERS", "instance": [{"instanceId": ..., "status": "UP", ...}]}]}}
 * }</pre>
 *
 * <p>Lists of one may also come as a bare object (older Eureka codecs); both are read.
 */
final class ApplicationsJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The applications of one answer.
   *
   * @param appsHashCode the server's {@code apps__hashcode} of its whole registry
   * @param instances every instance, in the order sent
   */
  record Applications(String appsHashCode, List<InstanceRecord> instances) {
    Applications {
      instances = List.copyOf(instances);
    }
  }

  /**
   * Parses one answer.
   *
   * @throws IllegalArgumentException naming what is wrong, when the body is not an applications
   *     document at all (one bad instance is not: it is kept and reported when converted)
   */
  static Applications parse(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode applications = root == null ? null : root.get("applications");
    if (applications == null || !applications.isObject()) {
      throw new IllegalArgumentException(
          "applications: missing (expected: {\"applications\": {...}}, got "
              + abbreviate(body)
              + ")");
    }
    List<InstanceRecord> instances = new ArrayList<>();
    int unnamed = 0;
    for (JsonNode app : list(applications.get("application"))) {
      String appName = app.path("name").asText("");
      for (JsonNode instance : list(app.get("instance"))) {
        String instanceApp = text(instance, "app", appName).toUpperCase(Locale.ROOT);
        String id = text(instance, "instanceId", text(instance, "hostName", ""));
        if (id.isEmpty()) {
          id = "<no instanceId #" + ++unnamed + ">";
        }
        String actionType = text(instance, "actionType", "");
        instances.add(
            new InstanceRecord(
                instanceApp.isEmpty() ? "<no app>" : instanceApp,
                id,
                text(instance, "status", "UNKNOWN"),
                actionType.isEmpty() ? null : actionType,
                instance));
      }
    }
    return new Applications(applications.path("apps__hashcode").asText(""), instances);
  }

  /** A JSON array's elements; a lone object as a list of one; nothing for null or missing. */
  static List<JsonNode> list(JsonNode node) {
    List<JsonNode> elements = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return elements;
    }
    if (node.isArray()) {
      node.forEach(elements::add);
    } else {
      elements.add(node);
    }
    return elements;
  }

  /** A field's text, or {@code fallback} when it is missing, null or not a scalar. */
  static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : fallback;
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 80 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 80) + "...'";
  }

  private ApplicationsJson() {}
}
