package io.meshbridge.pilot.policy;

import org.jspecify.annotations.Nullable;

/**
 * The RE2 subset the proxy accepts (its {@code Re2Subset}): what java.util.regex has and RE2 lacks
 * is refused here already, so a regex pilot accepts is never NACKed for its syntax.
 */
final class Re2Check {

  private static final String NOT_IN_RE2 = "kGZRXK";

  /** Describes the first construct RE2 lacks in {@code regex}, or null if there is none. */
  static @Nullable String unsupported(String regex) {
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        char escaped = regex.charAt(++i);
        if (!inClass && escaped >= '1' && escaped <= '9') {
          return "a backreference '\\" + escaped + "'";
        }
        if (NOT_IN_RE2.indexOf(escaped) >= 0) {
          return "'\\" + escaped + "', which RE2 does not have";
        }
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
        if (regex.startsWith("]", i + 1)) {
          i++; // a ']' right after '[' is a literal
        } else if (regex.startsWith("^]", i + 1)) {
          i += 2;
        }
      } else if (c == '(' && regex.startsWith("(?", i)) {
        String problem = group(regex.substring(i, Math.min(regex.length(), i + 4)));
        if (problem != null) {
          return problem;
        }
      } else if (c == '+' && i > 0 && "*+?}".indexOf(regex.charAt(i - 1)) >= 0
          && (i < 2 || regex.charAt(i - 2) != '\\')) {
        return "a possessive quantifier";
      }
    }
    return null;
  }

  private static @Nullable String group(String start) {
    if (start.startsWith("(?=") || start.startsWith("(?!")) {
      return "lookahead '" + start.substring(0, 3) + "'";
    }
    if (start.startsWith("(?<=") || start.startsWith("(?<!")) {
      return "lookbehind '" + start + "'";
    }
    if (start.startsWith("(?>")) {
      return "an atomic group '(?>'";
    }
    return null;
  }

  private Re2Check() {}
}
