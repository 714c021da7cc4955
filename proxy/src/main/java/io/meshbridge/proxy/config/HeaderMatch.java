package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's {@code HeaderMatcher}. With a {@code value} match, the header's values (joined with
 * {@code ","}) must match and a missing header never matches, inverted or not; without one, the
 * header must be present ({@code present}) or absent ({@code !present}), and {@code invert} flips
 * that. The pseudo-headers {@code :method}, {@code :authority}, {@code :path} and {@code :scheme}
 * stand for the request's method, Host, target and {@code http}.
 *
 * @param name the header name, lower case
 * @param value how the value is matched, or null for a presence match
 * @param present for a presence match: whether the header must be present
 * @param invert whether the result is inverted
 */
public record HeaderMatch(
    String name, @Nullable StringMatch value, boolean present, boolean invert) {

  public HeaderMatch {
    requireNonNull(name, "name");
    if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "name: '" + name + "' (expected: a non-empty, lower-case header name)");
    }
  }
}
