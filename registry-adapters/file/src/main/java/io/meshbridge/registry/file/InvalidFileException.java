package io.meshbridge.registry.file;

import java.util.List;

/** A file that cannot be used, with every problem found in it, each naming file, line and field. */
final class InvalidFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  InvalidFileException(List<String> problems) {
    super(String.join("; ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one)");
    }
    this.problems = List.copyOf(problems);
  }

  List<String> problems() {
    return problems;
  }
}
