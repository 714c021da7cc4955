package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.StringMatch;
import java.util.Objects;

/** Envoy's {@code StringMatcher} semantics, as a pure function. */
public final class StringMatcher {

  private StringMatcher() {}

  /** Whether {@code input} satisfies {@code match}. */
  public static boolean matches(StringMatch match, String input) {
    String v = match.value();
    boolean ic = match.ignoreCase();
    return switch (match.kind()) {
      case EXACT -> ic ? input.equalsIgnoreCase(v) : input.equals(v);
      case PREFIX -> input.regionMatches(ic, 0, v, 0, v.length());
      case SUFFIX ->
          input.length() >= v.length()
              && input.regionMatches(ic, input.length() - v.length(), v, 0, v.length());
      case CONTAINS -> contains(input, v, ic);
      case REGEX -> Objects.requireNonNull(match.regex()).matches(input);
    };
  }

  private static boolean contains(String input, String v, boolean ignoreCase) {
    for (int i = 0; i + v.length() <= input.length(); i++) {
      if (input.regionMatches(ignoreCase, i, v, 0, v.length())) {
        return true;
      }
    }
    return false;
  }
}
