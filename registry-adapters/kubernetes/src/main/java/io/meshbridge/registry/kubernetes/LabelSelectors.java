package io.meshbridge.registry.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the syntax of a Kubernetes label selector ({@code app=web,tier in (a,b),!canary}) before
 * it is sent, so that a typo is a configuration error rather than an API server that refuses every
 * list forever.
 */
final class LabelSelectors {

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String KEY = "(" + DNS_LABEL + "(\\." + DNS_LABEL + ")*/)?" + NAME;
  private static final String VALUE = "(" + NAME + ")?";

  private static final List<Pattern> REQUIREMENTS =
      List.of(
          Pattern.compile("\\s*!?\\s*" + KEY + "\\s*"),
          Pattern.compile("\\s*" + KEY + "\\s*(=|==|!=)\\s*" + VALUE + "\\s*"),
          Pattern.compile(
              "\\s*"
                  + KEY
                  + "\\s+(in|notin)\\s*\\(\\s*"
                  + NAME
                  + "(\\s*,\\s*"
                  + VALUE
                  + ")*\\s*\\)\\s*"),
          Pattern.compile("\\s*" + KEY + "\\s*[<>]\\s*[0-9]+\\s*"));

  private static final Pattern KEY_PATTERN = Pattern.compile(KEY);
  private static final Pattern VALUE_PATTERN = Pattern.compile(VALUE);

  /** Whether {@code key} is a valid label key ({@code [prefix/]name}). */
  static boolean isKey(String key) {
    return KEY_PATTERN.matcher(key).matches() && key.length() <= 253 + 1 + 63;
  }

  /** Whether {@code value} is a valid label value (at most 63 characters, may be empty). */
  static boolean isValue(String value) {
    return VALUE_PATTERN.matcher(value).matches();
  }

  /**
   * @throws IllegalArgumentException naming {@code field} and the first requirement that does not
   *     parse; the empty selector (select everything) is valid
   */
  static void check(String field, String selector) {
    if (selector.isBlank()) {
      return;
    }
    for (String requirement : split(selector)) {
      if (REQUIREMENTS.stream().noneMatch(p -> p.matcher(requirement).matches())) {
        throw new IllegalArgumentException(
            field
                + ": '"
                + selector
                + "': '"
                + requirement.trim()
                + "' is not a label requirement (expected e.g. app=web, tier in (a,b), !canary)");
      }
    }
  }

  /** Splits on the commas that are not inside parentheses. */
  private static List<String> split(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }

  private LabelSelectors() {}
}
