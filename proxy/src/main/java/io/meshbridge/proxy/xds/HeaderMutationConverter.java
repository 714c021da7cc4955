package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.HeaderMutations.HeaderValue.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code request_headers_to_add/remove} and {@code response_headers_to_add/remove} of a route or
 * virtual host → {@link HeaderMutations}. Values are literal: Envoy's {@code %COMMAND%}
 * substitutions are rejected ({@code %%} stands for {@code %}).
 */
final class HeaderMutationConverter {

  private HeaderMutationConverter() {}

  static HeaderMutations convert(
      List<HeaderValueOption> requestAdd,
      List<String> requestRemove,
      List<HeaderValueOption> responseAdd,
      List<String> responseRemove,
      FieldChecker check,
      String path)
      throws InvalidResourceException {
    return new HeaderMutations(
        adds(requestAdd, check, join(path, "request_headers_to_add")),
        removes(requestRemove, check, join(path, "request_headers_to_remove")),
        adds(responseAdd, check, join(path, "response_headers_to_add")),
        removes(responseRemove, check, join(path, "response_headers_to_remove")));
  }

  private static List<HeaderMutations.HeaderValue> adds(
      List<HeaderValueOption> options, FieldChecker check, String path)
      throws InvalidResourceException {
    List<HeaderMutations.HeaderValue> out = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      HeaderValueOption o = options.get(i);
      String p = at(path, i);
      check.onlySupported(o, p, "header", "append", "append_action");
      HeaderValue h = o.getHeader();
      check.onlySupported(h, join(p, "header"), "key", "value");
      checkName(h.getKey(), check, join(p, "header.key"));
      out.add(
          new HeaderMutations.HeaderValue(
              h.getKey(),
              literal(h.getValue(), check, join(p, "header.value")),
              action(o, check, join(p, "append_action"))));
    }
    return out;
  }

  @SuppressWarnings("deprecation") // the deprecated `append` flag is still sent; Envoy honours it
  private static Action action(HeaderValueOption o, FieldChecker check, String path)
      throws InvalidResourceException {
    if (o.hasAppend()) { // deprecated, but wins when set, as in Envoy
      return o.getAppend().getValue() ? Action.APPEND : Action.OVERWRITE;
    }
    return switch (o.getAppendAction()) {
      case ADD_IF_ABSENT -> Action.ADD_IF_ABSENT;
      case OVERWRITE_IF_EXISTS_OR_ADD -> Action.OVERWRITE;
      case APPEND_IF_EXISTS_OR_ADD -> Action.APPEND;
      default ->
          throw check.invalid(
              path,
              o.getAppendAction() + " is not supported (supported: APPEND_IF_EXISTS_OR_ADD, "
                  + "ADD_IF_ABSENT, OVERWRITE_IF_EXISTS_OR_ADD)");
    };
  }

  private static List<String> removes(List<String> names, FieldChecker check, String path)
      throws InvalidResourceException {
    for (int i = 0; i < names.size(); i++) {
      checkName(names.get(i), check, at(path, i));
    }
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }

  private static void checkName(String name, FieldChecker check, String path)
      throws InvalidResourceException {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.isEmpty() || n.startsWith(":") || n.equals("host")) {
      throw check.invalid(
          path, "'" + name + "' (expected: a header name other than Host and pseudo-headers)");
    }
  }

  /** {@code value} with {@code %%} unescaped; any other {@code %} is a substitution: rejected. */
  private static String literal(String value, FieldChecker check, String path)
      throws InvalidResourceException {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 1 < value.length() && value.charAt(i + 1) == '%') {
          i++;
        } else {
          throw check.invalid(
              path,
              "'" + value + "': %COMMAND% substitutions are not supported (expected: a literal "
                  + "value, %% for %)");
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
