package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled regular expression with Envoy's {@code safe_regex} (RE2) meaning: it must match the
 * whole input. RE2 is run here by {@link java.util.regex}, so constructs where Java and RE2 differ
 * are rejected: lookaround, backreferences, atomic groups, possessive quantifiers and the
 * Java-only escapes {@code \G \Z \R \X \K}. Equal when the pattern text is equal.
 */
public final class Regex {

  private final String pattern;
  private final Pattern compiled;

  /**
   * @throws IllegalArgumentException naming what is wrong, when {@code pattern} does not compile
   *     or uses a construct RE2 does not have
   */
  public Regex(String pattern) {
    this.pattern = requireNonNull(pattern, "pattern");
    String unsupported = Re2Subset.unsupported(pattern);
    if (unsupported != null) {
      throw new IllegalArgumentException(
          "regex: '" + pattern + "' uses " + unsupported + " (expected: RE2 syntax)");
    }
    try {
      this.compiled = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "regex: '" + pattern + "' is invalid: " + e.getDescription() + " at index "
              + e.getIndex(),
          e);
    }
  }

  public String pattern() {
    return pattern;
  }

  /** Whether the whole of {@code input} matches, as Envoy's {@code safe_regex} does. */
  public boolean matches(CharSequence input) {
    return compiled.matcher(input).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Regex r && r.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
