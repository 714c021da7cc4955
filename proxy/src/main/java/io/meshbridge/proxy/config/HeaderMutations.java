package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * Envoy's {@code request_headers_to_add/remove} and {@code response_headers_to_add/remove} of a
 * route or virtual host. Removals are applied before additions; the route's before its virtual
 * host's (so, as in Envoy, the virtual host's overwrite wins).
 */
public record HeaderMutations(
    List<HeaderValue> requestAdd,
    List<String> requestRemove,
    List<HeaderValue> responseAdd,
    List<String> responseRemove) {

  public static final HeaderMutations NONE =
      new HeaderMutations(List.of(), List.of(), List.of(), List.of());

  public HeaderMutations {
    requestAdd = List.copyOf(requestAdd);
    requestRemove = List.copyOf(requestRemove);
    responseAdd = List.copyOf(responseAdd);
    responseRemove = List.copyOf(responseRemove);
    requestRemove.forEach(HeaderValue::checkName);
    responseRemove.forEach(HeaderValue::checkName);
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  /** One header to add, with Envoy's {@code append_action}. */
  public record HeaderValue(String name, String value, Action action) {

    public enum Action {
      /** Envoy's APPEND_IF_EXISTS_OR_ADD (the default): one more value. */
      APPEND,
      /** ADD_IF_ABSENT: only when the header is not there yet. */
      ADD_IF_ABSENT,
      /** OVERWRITE_IF_EXISTS_OR_ADD: replaces every existing value. */
      OVERWRITE
    }

    public HeaderValue {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      requireNonNull(action, "action");
      checkName(name);
    }

    static void checkName(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.isEmpty() || n.startsWith(":") || n.equals("host")) {
        throw new IllegalArgumentException(
            "header: '" + name + "' (expected: a header name other than Host and pseudo-headers)");
      }
    }
  }
}
