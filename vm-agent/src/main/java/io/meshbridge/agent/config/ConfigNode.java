package io.meshbridge.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A YAML mapping read strictly: every key must be known, every value of the expected type; each
 * error names the full field path ({@code service.ports[0].targetPort}).
 */
final class ConfigNode {

  private final String path;
  private final JsonNode node;

  private ConfigNode(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  static ConfigNode root(JsonNode node) {
    ConfigNode root = new ConfigNode("", node);
    if (!node.isObject()) {
      throw root.invalid("", "expected a mapping at the top level");
    }
    return root;
  }

  String path() {
    return path;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  AgentConfigException invalid(String key, String message) {
    String where = key.isEmpty() ? path : at(key);
    return new AgentConfigException((where.isEmpty() ? "" : where + ": ") + message);
  }

  /**
   * An error from a value's own validation whose message starts with the field name ({@code
   * "ttl: 1s (expected: ...)"}), placed under this node's path ({@code registration.consul.ttl}).
   */
  AgentConfigException nested(String message) {
    return new AgentConfigException(at(message));
  }

  /** Rejects keys other than {@code known}, naming the first unknown one. */
  ConfigNode only(String... known) {
    Set<String> allowed = Set.of(known);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw invalid(key, "unknown field (expected one of: "
            + String.join(", ", new TreeSet<>(Arrays.asList(known))) + ")");
      }
    }
    return this;
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  @Nullable ConfigNode object(String key) {
    if (!has(key)) {
      return null;
    }
    JsonNode v = node.get(key);
    if (!v.isObject()) {
      throw invalid(key, describe(v) + " (expected: a mapping)");
    }
    return new ConfigNode(at(key), v);
  }

  ConfigNode requiredObject(String key, String expected) {
    ConfigNode o = object(key);
    if (o == null) {
      throw invalid(key, "missing (expected: " + expected + ")");
    }
    return o;
  }

  List<ConfigNode> objects(String key) {
    List<ConfigNode> out = new ArrayList<>();
    JsonNode list = list(key);
    for (int i = 0; i < list.size(); i++) {
      String p = at(key) + "[" + i + "]";
      if (!list.get(i).isObject()) {
        throw new AgentConfigException(p + ": " + describe(list.get(i)) + " (expected: a mapping)");
      }
      out.add(new ConfigNode(p, list.get(i)));
    }
    return out;
  }

  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    JsonNode list = list(key);
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
        throw new AgentConfigException(at(key) + "[" + i + "]: " + describe(list.get(i))
            + " (expected: a non-empty string)");
      }
      out.add(list.get(i).asText());
    }
    return out;
  }

  List<Integer> ints(String key, int min, int max) {
    List<Integer> out = new ArrayList<>();
    JsonNode list = list(key);
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
        throw new AgentConfigException(at(key) + "[" + i + "]: " + describe(v)
            + " (expected: " + min + ".." + max + ")");
      }
      out.add(v.asInt());
    }
    return out;
  }

  private JsonNode list(String key) {
    if (!has(key)) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
    JsonNode v = node.get(key);
    if (!v.isArray()) {
      throw invalid(key, describe(v) + " (expected: a list)");
    }
    return v;
  }

  Map<String, String> stringMap(String key) {
    ConfigNode o = object(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (o == null) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : o.node.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw o.invalid(e.getKey(), describe(e.getValue()) + " (expected: a string)");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  @Nullable String string(String key) {
    if (!has(key)) {
      return null;
    }
    JsonNode v = node.get(key);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw invalid(key, describe(v) + " (expected: a non-empty string)");
    }
    return v.asText();
  }

  String string(String key, String defaultValue) {
    String v = string(key);
    return v == null ? defaultValue : v;
  }

  String requiredString(String key, String expected) {
    String v = string(key);
    if (v == null) {
      throw invalid(key, "missing (expected: " + expected + ")");
    }
    return v;
  }

  int integer(String key, int defaultValue, int min, int max) {
    if (!has(key)) {
      return defaultValue;
    }
    return checkedInt(key, min, max);
  }

  int requiredInteger(String key, int min, int max) {
    if (!has(key)) {
      throw invalid(key, "missing (expected: " + min + ".." + max + ")");
    }
    return checkedInt(key, min, max);
  }

  private int checkedInt(String key, int min, int max) {
    JsonNode v = node.get(key);
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw invalid(key, describe(v) + " (expected: " + min + ".." + max + ")");
    }
    return v.asInt();
  }

  boolean bool(String key, boolean defaultValue) {
    if (!has(key)) {
      return defaultValue;
    }
    JsonNode v = node.get(key);
    if (!v.isBoolean()) {
      throw invalid(key, describe(v) + " (expected: true or false)");
    }
    return v.asBoolean();
  }

  Duration duration(String key, Duration defaultValue) {
    String v = has(key) ? node.get(key).asText() : null;
    if (v == null) {
      return defaultValue;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw invalid(key, e.getMessage());
    }
  }

  /** Applies {@code parse} to a string value, prefixing its error with this field's path. */
  <T> @Nullable T parsed(String key, Function<String, T> parse) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException e) {
      throw invalid(key, e.getMessage());
    }
  }

  static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "'" + v.asText() + "'";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return v.toString();
  }
}
