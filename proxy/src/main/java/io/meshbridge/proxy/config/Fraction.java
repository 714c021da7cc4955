package io.meshbridge.proxy.config;

/**
 * Envoy's {@code FractionalPercent}: {@code numerator} out of {@code denominator} (100, 10 000 or
 * 1 000 000); a numerator above the denominator means all.
 */
public record Fraction(long numerator, long denominator) {

  public static final Fraction ALL = new Fraction(100, 100);

  public Fraction {
    if (denominator != 100 && denominator != 10_000 && denominator != 1_000_000) {
      throw new IllegalArgumentException(
          "denominator: " + denominator + " (expected: 100, 10000 or 1000000)");
    }
    if (numerator < 0) {
      throw new IllegalArgumentException("numerator: " + numerator + " (expected: >= 0)");
    }
  }

  /** Whether a draw {@code 0 <= draw < denominator} falls within the fraction. */
  public boolean includes(long draw) {
    return draw < numerator;
  }
}
