package io.meshbridge.registry.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.meshbridge.registry.file.YamlNode.Entry;
import io.meshbridge.registry.file.YamlNode.Mark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one YAML document into {@link YamlNode}s with Jackson's streaming YAML parser, whose token
 * locations are the exact line and column of every key and value.
 */
final class YamlReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  /**
   * Returns the document's root, or null for a file with no document (empty, or only comments).
   *
   * @throws YamlException for invalid YAML, a second document, an alias or a duplicate key
   */
  static @Nullable YamlNode read(byte[] content) {
    try (JsonParser parser = FACTORY.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      YamlNode root = value(parser, first, "");
      if (parser.nextToken() != null) {
        throw new YamlException(
            mark(parser), "a second YAML document (expected: one document per file)");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading YAML from a byte array", e);
    }
  }

  private static YamlNode value(JsonParser parser, @Nullable JsonToken token, String path)
      throws IOException {
    Mark mark = mark(parser);
    if (token == null) {
      throw new YamlException(mark, FieldReader.prefix(path) + "the document ends too early");
    }
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      throw new YamlException(
          mark,
          FieldReader.prefix(path)
              + "alias '*"
              + parser.getText()
              + "' is not supported (expected: the value written out)");
    }
    return switch (token) {
      case START_OBJECT -> mapping(parser, mark, path);
      case START_ARRAY -> sequence(parser, mark, path);
      case VALUE_NULL -> new YamlNode.Scalar(mark, "", true);
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
          new YamlNode.Scalar(mark, parser.getText(), false);
      default ->
          throw new YamlException(
              mark,
              FieldReader.prefix(path)
                  + "unsupported value "
                  + token
                  + " (expected: a mapping, a list or a plain value)");
    };
  }

  private static YamlNode mapping(JsonParser parser, Mark mark, String path) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Mark keyMark = mark(parser);
      String keyPath = FieldReader.field(path, key);
      YamlNode value = value(parser, parser.nextToken(), keyPath);
      Entry previous = entries.putIfAbsent(key, new Entry(key, keyMark, value));
      if (previous != null) {
        throw new YamlException(
            keyMark, keyPath + ": duplicate key (first at " + previous.keyMark() + ")");
      }
    }
    return new YamlNode.Mapping(mark, entries);
  }

  private static YamlNode sequence(JsonParser parser, Mark mark, String path) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      // value() rejects a null token (end of input), so this loop always ends
      items.add(value(parser, t, FieldReader.item(path, items.size())));
    }
    return new YamlNode.Sequence(mark, items);
  }

  private static Mark mark(JsonParser parser) {
    JsonLocation location = parser.currentTokenLocation();
    return new Mark(location.getLineNr(), location.getColumnNr());
  }

  /** Keeps snakeyaml's problem (and its context) and drops the source excerpt it quotes. */
  private static YamlException syntaxError(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    Mark mark =
        location == null ? new Mark(1, 1) : new Mark(location.getLineNr(), location.getColumnNr());
    String original = String.valueOf(e.getOriginalMessage());
    List<String> statements =
        original.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
    if (statements.isEmpty()) {
      return new YamlException(mark, "invalid YAML: " + original.strip());
    }
    String problem = statements.get(statements.size() - 1);
    List<String> context = statements.subList(0, statements.size() - 1);
    return new YamlException(
        mark,
        "invalid YAML: "
            + problem
            + (context.isEmpty() ? "" : " (" + String.join(", ", context) + ")"));
  }

  private YamlReader() {}
}
