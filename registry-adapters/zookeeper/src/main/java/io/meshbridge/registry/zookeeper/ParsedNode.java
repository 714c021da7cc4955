package io.meshbridge.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** What one instance znode held: an instance, or the problem that kept it out. */
record ParsedNode(String path, @Nullable Instance instance, @Nullable String problem) {

  ParsedNode {
    requireNonNull(path, "path");
    if ((instance == null) == (problem == null)) {
      throw new IllegalArgumentException("path " + path + ": exactly one of instance, problem");
    }
  }

  static ParsedNode of(Instance instance) {
    return new ParsedNode(instance.path(), instance, null);
  }

  static ParsedNode of(InvalidInstanceException e, String path) {
    return new ParsedNode(path, null, e.getMessage() + "; instance left out");
  }
}
