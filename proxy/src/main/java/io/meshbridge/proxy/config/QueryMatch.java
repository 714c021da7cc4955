package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Envoy's {@code QueryParameterMatcher}: the request's query must have a parameter {@code name}
 * (case-sensitive) whose first value, percent-decoded, matches {@code value}; with a null {@code
 * value} (Envoy's {@code present_match}) being present is enough.
 */
public record QueryMatch(String name, @Nullable StringMatch value) {

  public QueryMatch {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: '' (expected: a query parameter name)");
    }
  }
}
