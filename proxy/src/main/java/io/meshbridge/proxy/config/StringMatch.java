package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Envoy's {@code StringMatcher}: exact, prefix, suffix, contains (each optionally ignoring ASCII
 * case) or a full-match {@code safe_regex}.
 *
 * @param kind how {@code value} is compared
 * @param value the text to compare with (the pattern, for {@link Kind#REGEX})
 * @param ignoreCase whether ASCII case is ignored (never for {@link Kind#REGEX})
 * @param regex the compiled pattern, exactly when {@code kind} is {@link Kind#REGEX}
 */
public record StringMatch(Kind kind, String value, boolean ignoreCase, @Nullable Regex regex) {

  public enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    CONTAINS,
    REGEX
  }

  public StringMatch {
    requireNonNull(kind, "kind");
    requireNonNull(value, "value");
    if ((kind == Kind.REGEX) != (regex != null)) {
      throw new IllegalArgumentException(
          "regex: " + regex + " (expected: a regex exactly for kind REGEX, kind is " + kind + ")");
    }
    if (kind == Kind.REGEX && (ignoreCase || !value.equals(regex.pattern()))) {
      throw new IllegalArgumentException(
          "value: '" + value + "' (expected: the regex pattern, case-sensitive)");
    }
  }

  public static StringMatch of(Kind kind, String value, boolean ignoreCase) {
    return new StringMatch(kind, value, ignoreCase, null);
  }

  public static StringMatch exact(String value) {
    return of(Kind.EXACT, value, false);
  }

  public static StringMatch regex(String pattern) {
    return new StringMatch(Kind.REGEX, pattern, false, new Regex(pattern));
  }
}
