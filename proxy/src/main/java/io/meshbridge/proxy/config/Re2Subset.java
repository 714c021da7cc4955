package io.meshbridge.proxy.config;

import org.jspecify.annotations.Nullable;

/** Finds constructs that java.util.regex accepts but RE2 does not (or reads differently). */
final class Re2Subset {

  private Re2Subset() {}

  /** A description of the first unsupported construct in {@code pattern}, or null. */
  static @Nullable String unsupported(String pattern) {
    boolean inClass = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        char e = pattern.charAt(++i);
        if (!inClass && e >= '1' && e <= '9') {
          return "a backreference '\\" + e + "'";
        }
        if (e == 'k' || e == 'G' || e == 'Z' || e == 'R' || e == 'X' || e == 'K') {
          return "'\\" + e + "', which RE2 does not have";
        }
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (pattern.startsWith("^]", i + 1) || pattern.startsWith("]", i + 1)) {
          i += pattern.charAt(i + 1) == '^' ? 2 : 1; // a leading ']' is a literal
        }
      } else if (c == '(' && pattern.startsWith("?", i + 1)) {
        String group = pattern.substring(i + 1, Math.min(pattern.length(), i + 4));
        if (group.startsWith("?=") || group.startsWith("?!")) {
          return "lookahead '(" + group.substring(0, 2) + "'";
        }
        if (group.startsWith("?<=") || group.startsWith("?<!")) {
          return "lookbehind '(" + group + "'";
        }
        if (group.startsWith("?>")) {
          return "an atomic group '(?>'";
        }
      } else if (c == '+' && i > 0 && isQuantifier(pattern, i - 1)) {
        return "a possessive quantifier";
      }
    }
    return null;
  }

  /** Whether the char at {@code i} ends a quantifier (so a following '+' makes it possessive). */
  private static boolean isQuantifier(String pattern, int i) {
    char q = pattern.charAt(i);
    if (i > 0 && pattern.charAt(i - 1) == '\\') {
      return false;
    }
    return q == '*' || q == '+' || q == '?' || q == '}';
  }
}
