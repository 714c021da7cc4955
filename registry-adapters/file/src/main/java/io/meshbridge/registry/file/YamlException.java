package io.meshbridge.registry.file;

import static java.util.Objects.requireNonNull;

/**
 * A problem at one place in a YAML file; the message names the field path and what was expected,
 * e.g. {@code services[0].ports[0].number: 'abc' is not a number (expected: 1..65535)}.
 */
final class YamlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final YamlNode.Mark mark;

  YamlException(YamlNode.Mark mark, String message) {
    super(message);
    this.mark = requireNonNull(mark, "mark");
  }

  YamlNode.Mark mark() {
    return mark;
  }

  /** {@code hello.yaml:7:17: <message>}: how the problem is reported. */
  String describeIn(String fileName) {
    return fileName + ":" + mark + ": " + getMessage();
  }
}
