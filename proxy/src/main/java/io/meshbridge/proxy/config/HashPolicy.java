package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a route's {@code hash_policy}: what part of a request a RING_HASH or MAGLEV cluster
 * hashes.
 *
 * @param kind what is hashed
 * @param name the header (lowercase), cookie or query parameter name; empty for SOURCE_IP
 * @param terminal stop at this policy when it produced a hash (Envoy's {@code terminal})
 */
public record HashPolicy(Kind kind, String name, boolean terminal) {

  public HashPolicy {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
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
