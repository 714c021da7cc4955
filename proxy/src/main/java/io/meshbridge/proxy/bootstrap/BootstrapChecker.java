package io.meshbridge.proxy.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.util.Set;

/** Field checks in one bootstrap file; every failure names the file and the field path. */
final class BootstrapChecker {

  private final String file;

  BootstrapChecker(String file) {
    this.file = requireNonNull(file, "file");
  }

  BootstrapException invalid(String path, String problem) {
    return new BootstrapException(file + ": " + path + ": " + problem);
  }

  /** Rejects the first field set in {@code message} that is not in {@code supported}. */
  void onlySupported(MessageOrBuilder message, String path, String... supported)
      throws BootstrapException {
    Set<String> allowed = Set.of(supported);
    for (FieldDescriptor field : message.getAllFields().keySet()) {
      if (!allowed.contains(field.getName())) {
        String list = supported.length == 0 ? "none" : String.join(", ", supported);
        throw invalid(join(path, field.getName()), "not supported (supported: " + list + ")");
      }
    }
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
