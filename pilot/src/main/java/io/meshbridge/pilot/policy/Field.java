package io.meshbridge.pilot.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A node of a YAML document with its path ({@code spec.http[0].route}), read strictly. */
record Field(String path, JsonNode node) {

  InvalidPolicyException error(String problem) {
    return new InvalidPolicyException(path, problem);
  }

  /** Rejects any field of this object not in {@code supported}, naming the first one. */
  Field only(Set<String> supported) {
    if (!node.isObject()) {
      throw error("expected an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!supported.contains(name)) {
        throw child(name).error("not supported");
      }
    }
    return this;
  }

  boolean has(String name) {
    JsonNode n = node.get(name);
    return n != null && !n.isNull();
  }

  Field child(String name) {
    JsonNode n = node.get(name);
    return new Field(path.isEmpty() ? name : path + "." + name, n == null ? missing() : n);
  }

  String text() {
    if (!node.isTextual()) {
      throw error(node.isMissingNode() ? "required" : "expected a string");
    }
    return node.textValue();
  }

  String text(String name, String otherwise) {
    return has(name) ? child(name).text() : otherwise;
  }

  int integer(int min, int max) {
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw error(node.isMissingNode() ? "required" : "expected an integer");
    }
    int value = node.intValue();
    if (value < min || value > max) {
      throw error(value + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  boolean bool() {
    if (!node.isBoolean()) {
      throw error(node.isMissingNode() ? "required" : "expected true or false");
    }
    return node.booleanValue();
  }

  /** A number such as Istio's {@code Percent.value}, within {@code min..max}. */
  double number(double min, double max) {
    if (!node.isNumber()) {
      throw error(node.isMissingNode() ? "required" : "expected a number");
    }
    double value = node.doubleValue();
    if (value < min || value > max) {
      throw error(node.asText() + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  /** An object of string to string, in the order written; a missing field is empty. */
  java.util.Map<String, String> stringMap(String name) {
    return has(name) ? child(name).stringMap() : new java.util.LinkedHashMap<>();
  }

  /** This object as string to string, in the order written; missing or null is empty. */
  java.util.Map<String, String> stringMap() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw error("expected an object of name to string");
    }
    node.fieldNames().forEachRemaining(k -> out.put(k, child(k).text()));
    return out;
  }

  /** The elements of a list field, each mapped; a missing field is an empty list. */
  <T> List<T> list(String name, Function<Field, T> element) {
    List<T> out = new ArrayList<>();
    if (!has(name)) {
      return out;
    }
    Field list = child(name);
    if (!list.node.isArray()) {
      throw list.error("expected a list");
    }
    for (int i = 0; i < list.node.size(); i++) {
      out.add(element.apply(new Field(list.path + "[" + i + "]", list.node.get(i))));
    }
    return out;
  }

  /** An object field of string values (labels, selectors); a missing field is an empty map. */
  Map<String, String> strings(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!has(name)) {
      return out;
    }
    Field map = child(name);
    if (!map.node.isObject()) {
      throw map.error("expected an object of name to string value");
    }
    map.node.fieldNames().forEachRemaining(k -> out.put(k, map.child(k).text()));
    return out;
  }

  private static JsonNode missing() {
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
