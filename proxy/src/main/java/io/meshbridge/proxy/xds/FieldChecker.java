package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.util.List;
import java.util.Set;

/**
 * Field checks inside one resource. Every failure is an {@link InvalidResourceException} naming the
 * resource and the field path, so that a field this proxy does not implement is rejected, never
 * silently ignored.
 */
final class FieldChecker {

  private final String resource;

  /** @param resource the resource, as {@code "<Type> <name>"} */
  FieldChecker(String resource) {
    this.resource = requireNonNull(resource, "resource");
  }

  String resource() {
    return resource;
  }

  InvalidResourceException invalid(String path, String problem) {
    return new InvalidResourceException(resource, path, problem);
  }

  /**
   * Rejects the first field set in {@code message} that is not in {@code supported} (proto field
   * names), including fields unknown to this proxy's copy of the Envoy API.
   */
  void onlySupported(MessageOrBuilder message, String path, String... supported)
      throws InvalidResourceException {
    Set<String> allowed = Set.of(supported);
    for (FieldDescriptor field : message.getAllFields().keySet()) {
      if (!allowed.contains(field.getName())) {
        throw invalid(
            join(path, field.getName()), "not supported (supported: " + list(supported) + ")");
      }
    }
    for (Integer number : message.getUnknownFields().asMap().keySet()) {
      throw invalid(join(path, "#" + number), "unknown field (supported: " + list(supported) + ")");
    }
  }

  /** {@code path.field}, or {@code field} at the top of the resource. */
  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** {@code path[index]}. */
  static String at(String path, int index) {
    return path + "[" + index + "]";
  }

  private static String list(String... supported) {
    return supported.length == 0 ? "none" : String.join(", ", List.of(supported));
  }
}
