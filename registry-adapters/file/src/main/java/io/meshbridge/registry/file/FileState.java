package io.meshbridge.registry.file;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is known of one registry file.
 *
 * @param lastGood the last content that parsed and validated; null if it never did
 * @param problems why the current content is not used; empty when {@code lastGood} is current
 */
record FileState(@Nullable ParsedFile lastGood, List<String> problems) {

  FileState {
    problems = List.copyOf(problems);
  }

  static FileState good(ParsedFile content) {
    return new FileState(content, List.of());
  }
}
