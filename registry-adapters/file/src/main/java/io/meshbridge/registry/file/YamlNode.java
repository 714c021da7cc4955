package io.meshbridge.registry.file;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with where it starts in its file, so that every error can name its line and column
 * (Jackson's tree model and DTO mapping forget positions once a value is read).
 */
sealed interface YamlNode {

  Mark mark();

  /** How the value reads in an error message: {@code 'abc'}, {@code a list}, ... */
  String describe();

  /** A position in a file, 1-based as editors show it. */
  record Mark(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** A scalar as written (numbers and booleans included); {@code isNull} for {@code ~} or nothing. */
  record Scalar(Mark mark, String text, boolean isNull) implements YamlNode {
    public Scalar {
      requireNonNull(mark, "mark");
      requireNonNull(text, "text");
    }

    @Override
    public String describe() {
      return isNull ? "nothing" : "'" + text + "'";
    }
  }

  /** A mapping's entries in file order; each key keeps its own position. */
  record Mapping(Mark mark, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      requireNonNull(mark, "mark");
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping, its position, and its value. */
  record Entry(String key, Mark keyMark, YamlNode value) {
    public Entry {
      requireNonNull(key, "key");
      requireNonNull(keyMark, "keyMark");
      requireNonNull(value, "value");
    }
  }

  record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
    public Sequence {
      requireNonNull(mark, "mark");
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
