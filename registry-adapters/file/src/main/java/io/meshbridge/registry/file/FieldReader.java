package io.meshbridge.registry.file;

import io.meshbridge.registry.file.YamlNode.Entry;
import io.meshbridge.registry.file.YamlNode.Mapping;
import io.meshbridge.registry.file.YamlNode.Mark;
import io.meshbridge.registry.file.YamlNode.Scalar;
import io.meshbridge.registry.file.YamlNode.Sequence;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Typed, strict reads of one YAML mapping: unknown fields are rejected, and every error is a
 * {@link YamlException} at the offending key or value, naming its path ({@code services[0].name}).
 */
final class FieldReader {

  private final Mapping mapping;
  private final String path;

  private FieldReader(Mapping mapping, String path) {
    this.mapping = mapping;
    this.path = path;
  }

  /** Reads {@code node} (at {@code path}) as a mapping whose fields are all in {@code known}. */
  static FieldReader of(YamlNode node, String path, String expected, List<String> known) {
    if (!(node instanceof Mapping mapping)) {
      throw wrongValue(node, path, expected);
    }
    for (Entry entry : mapping.entries().values()) {
      if (!known.contains(entry.key())) {
        throw new YamlException(
            entry.keyMark(),
            field(path, entry.key()) + ": unknown field (known: " + String.join(", ", known) + ")");
      }
    }
    return new FieldReader(mapping, path);
  }

  static String field(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String item(String path, int index) {
    return path + "[" + index + "]";
  }

  /** {@code "path: "}, or nothing at the root of a file. */
  static String prefix(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  Mark mark() {
    return mapping.mark();
  }

  String requiredString(String key, String expected) {
    return scalar(required(key, expected), field(path, key), expected);
  }

  String optionalString(String key, String expected, String defaultValue) {
    YamlNode node = optional(key);
    return node == null ? defaultValue : scalar(node, field(path, key), expected);
  }

  int requiredInt(String key, String expected) {
    return integer(required(key, expected), field(path, key), expected);
  }

  int optionalInt(String key, String expected, int defaultValue) {
    YamlNode node = optional(key);
    return node == null ? defaultValue : integer(node, field(path, key), expected);
  }

  /** A case-insensitive enum constant, e.g. {@code grpc} for {@code GRPC}. */
  <E extends Enum<E>> E optionalEnum(String key, Class<E> type, String noun, E defaultValue) {
    YamlNode node = optional(key);
    if (node == null) {
      return defaultValue;
    }
    String text = scalar(node, field(path, key), "a " + noun);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    throw error(key, "'" + text + "' is not a " + noun + " (expected one of: "
        + String.join(", ", names) + ")");
  }

  /** The items of a list, each to be read at {@code item(path(key), i)}; empty when absent. */
  List<YamlNode> optionalList(String key, String expected) {
    YamlNode node = optional(key);
    return node == null ? List.of() : list(node, field(path, key), expected);
  }

  List<YamlNode> requiredList(String key, String expected) {
    return list(required(key, expected), field(path, key), expected);
  }

  /** A list of non-blank strings, such as host names. */
  List<String> optionalStringList(String key, String expected, String expectedItem) {
    List<YamlNode> items = optionalList(key, expected);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlNode node = items.get(i);
      String itemPath = item(field(path, key), i);
      String value = scalar(node, itemPath, expectedItem);
      if (value.isBlank()) {
        throw new YamlException(
            node.mark(), itemPath + ": '" + value + "' (expected: " + expectedItem + ")");
      }
      values.add(value);
    }
    return values;
  }

  Map<String, String> optionalStringMap(String key, String expected, String expectedValue) {
    return optionalMap(key, expected, (node, nodePath) -> scalar(node, nodePath, expectedValue));
  }

  Map<String, Integer> optionalIntMap(String key, String expected, String expectedValue) {
    return optionalMap(key, expected, (node, nodePath) -> integer(node, nodePath, expectedValue));
  }

  /** The mapping at {@code key} with its own known fields, or null when absent. */
  @Nullable FieldReader optionalMapping(String key, String expected, List<String> known) {
    YamlNode node = optional(key);
    return node == null ? null : of(node, field(path, key), expected, known);
  }

  /** An error at the value of {@code key}, a dotted path within this mapping (e.g. ports.http). */
  YamlException error(String key, String message) {
    Entry entry = entry(key);
    return new YamlException(entry == null ? mark() : entry.value().mark(),
        field(path, key) + ": " + message);
  }

  /** As {@link #error}, at the key rather than its value (for a key that should not be there). */
  YamlException keyError(String key, String message) {
    Entry entry = entry(key);
    return new YamlException(entry == null ? mark() : entry.keyMark(),
        field(path, key) + ": " + message);
  }

  /**
   * Builds a model value, turning its validation error into one located at the field the message
   * starts with ({@code "weight: 0 (expected: 1..1000)"} points at {@code weight}), or at this
   * mapping when the message names no field of it.
   */
  <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(": ");
      if (colon > 0 && entry(message.substring(0, colon)) != null) {
        throw error(message.substring(0, colon), message.substring(colon + 2));
      }
      throw new YamlException(mark(), prefix(path) + message);
    }
  }

  private @Nullable Entry entry(String dottedKey) {
    Mapping current = mapping;
    Entry entry = null;
    for (String key : dottedKey.split("\\.", -1)) {
      if (current == null) {
        return null;
      }
      entry = current.entries().get(key);
      if (entry == null) {
        return null;
      }
      current = entry.value() instanceof Mapping m ? m : null;
    }
    return entry;
  }

  private @Nullable YamlNode optional(String key) {
    Entry entry = mapping.entries().get(key);
    if (entry == null || (entry.value() instanceof Scalar s && s.isNull())) {
      return null;
    }
    return entry.value();
  }

  private YamlNode required(String key, String expected) {
    Entry entry = mapping.entries().get(key);
    if (entry == null) {
      throw new YamlException(mark(), field(path, key) + ": missing (expected: " + expected + ")");
    }
    return entry.value();
  }

  private <V> Map<String, V> optionalMap(
      String key, String expected, BiFunction<YamlNode, String, V> valueReader) {
    YamlNode node = optional(key);
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof Mapping map)) {
      throw wrongValue(node, field(path, key), expected);
    }
    Map<String, V> values = new LinkedHashMap<>();
    for (Entry entry : map.entries().values()) {
      String entryPath = field(field(path, key), entry.key());
      values.put(entry.key(), valueReader.apply(entry.value(), entryPath));
    }
    return values;
  }

  private static String scalar(YamlNode node, String path, String expected) {
    if (node instanceof Scalar s && !s.isNull()) {
      return s.text();
    }
    throw wrongValue(node, path, expected);
  }

  private static int integer(YamlNode node, String path, String expected) {
    String text = scalar(node, path, expected).strip();
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      boolean isInteger = text.matches("[-+]?[0-9]+");
      throw new YamlException(node.mark(), path + ": " + (isInteger
          ? new BigInteger(text) + " is out of range"
          : "'" + text + "' is not a number") + " (expected: " + expected + ")");
    }
  }

  private static List<YamlNode> list(YamlNode node, String path, String expected) {
    if (node instanceof Sequence sequence) {
      return sequence.items();
    }
    throw wrongValue(node, path, expected);
  }

  private static YamlException wrongValue(YamlNode node, String path, String expected) {
    return new YamlException(
        node.mark(), prefix(path) + "found " + node.describe() + " (expected: " + expected + ")");
  }
}
