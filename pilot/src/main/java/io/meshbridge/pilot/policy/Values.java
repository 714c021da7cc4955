package io.meshbridge.pilot.policy;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Strict readers for the small value types of Istio's API: StringMatch, Duration. */
final class Values {

  private static final Set<String> STRING_MATCH = Set.of("exact", "prefix", "regex");

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|h|m|s)");

  static StringMatch stringMatch(Field f) {
    f.only(STRING_MATCH);
    var names = com.google.common.collect.ImmutableList.copyOf(f.node().fieldNames());
    if (names.size() != 1) {
      throw f.error("expected exactly one of exact, prefix, regex");
    }
    String kind = names.get(0);
    String value = f.child(kind).text();
    if (kind.equals("regex")) {
      checkRegex(f.child(kind), value);
      return new StringMatch(StringMatch.Kind.REGEX, value);
    }
    return new StringMatch(
        kind.equals("exact") ? StringMatch.Kind.EXACT : StringMatch.Kind.PREFIX, value);
  }

  static void checkRegex(Field f, String regex) {
    String unsupported = Re2Check.unsupported(regex);
    if (unsupported != null) {
      throw f.error("'" + regex + "': " + unsupported + " is not RE2 syntax"
          + " (no lookarounds, backreferences, atomic groups or possessive quantifiers)");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw f.error("'" + regex + "' is not a valid regex: " + e.getDescription());
    }
  }

  /** A Go/Istio duration such as {@code 1.5s}, {@code 250ms} or {@code 1m30s}; at least 1 ms. */
  static Duration duration(Field f) {
    String text = f.text();
    Matcher m = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      total = total.plus(part(Double.parseDouble(m.group(1)), m.group(2)));
      end = m.end();
      m.region(end, text.length());
    }
    if (end == 0 || end != text.length()) {
      throw f.error("'" + text + "' (expected: a duration such as 1.5s, 250ms or 1m30s)");
    }
    if (total.compareTo(Duration.ofMillis(1)) < 0) {
      throw f.error("'" + text + "' (expected: at least 1ms)");
    }
    return total;
  }

  private static Duration part(double amount, String unit) {
    double nanos =
        switch (unit) {
          case "h" -> amount * 3.6e12;
          case "m" -> amount * 6e10;
          case "s" -> amount * 1e9;
          case "ms" -> amount * 1e6;
          case "us" -> amount * 1e3;
          default -> amount;
        };
    return Duration.ofNanos(Math.round(nanos));
  }

  private Values() {}
}
