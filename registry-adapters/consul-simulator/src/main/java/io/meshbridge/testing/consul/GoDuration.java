package io.meshbridge.testing.consul;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way Go's {@code time.ParseDuration} does, as Consul reads them. */
final class GoDuration {

  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  /**
   * Parses e.g. {@code 10s}, {@code 5m}, {@code 1m30s}, {@code 250ms}, {@code 0}.
   *
   * @throws IllegalArgumentException if {@code text} is not a Go duration
   */
  static long parseNanos(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration \"\"");
    }
    if (text.equals("0")) {
      return 0;
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    double nanos = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
      }
      nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
      at = m.end();
    }
    return (long) nanos;
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
  }

  private GoDuration() {}
}
