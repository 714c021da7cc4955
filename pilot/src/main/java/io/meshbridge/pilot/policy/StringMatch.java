package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

/** Istio's {@code StringMatch}: exactly one of exact, prefix or regex (RE2, full match). */
public record StringMatch(Kind kind, String value) {

  /** How {@link #value} is compared. */
  public enum Kind {
    EXACT,
    PREFIX,
    REGEX
  }

  public StringMatch {
    requireNonNull(kind, "kind");
    requireNonNull(value, "value");
  }
}
