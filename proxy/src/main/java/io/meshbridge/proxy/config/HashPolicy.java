package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a route's {@code hash_policy}: what part of a request a RING_HASH or MAGLEV cluster
 * hashes.
 *
 * @param kind what is hashed
 * @param name the header (lowercase), cookie or query parameter name; empty for SOURCE_IP
 * @param terminal stop at this policy when it produced a hash (Envoy's {@code terminal})
 * @param cookiePath COOKIE: the {@code Path} of a generated cookie ({@code cookie.path})
 * @param cookieTtl COOKIE: when set, a request without the cookie gets one generated (Envoy's
 *     {@code cookie.ttl}; {@link Duration#ZERO} for a session cookie); null: the cookie is only
 *     read
 */
public record HashPolicy(
    Kind kind, String name, boolean terminal, String cookiePath, @Nullable Duration cookieTtl) {

  /** A policy that generates nothing. */
  public HashPolicy(Kind kind, String name, boolean terminal) {
    this(kind, name, terminal, "", null);
  }

  public HashPolicy {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
    requireNonNull(cookiePath, "cookiePath");
    if (cookieTtl != null && (kind != Kind.COOKIE || cookieTtl.isNegative())) {
      throw new IllegalArgumentException(
          "cookieTtl: " + cookieTtl + " (expected: >= 0, for a COOKIE policy only)");
    }
    if (name.isEmpty() != (kind == Kind.SOURCE_IP)) {
      throw new IllegalArgumentException(
          "name: '" + name + "' (expected: a name for " + kind + ", none for SOURCE_IP)");
    }
  }

  public enum Kind {
    HEADER,
    COOKIE,
    SOURCE_IP,
    QUERY_PARAMETER
  }
}
