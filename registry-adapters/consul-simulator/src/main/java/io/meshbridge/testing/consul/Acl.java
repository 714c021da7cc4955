package io.meshbridge.testing.consul;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The simulated ACL system: off, or on with default policy {@code deny} and a fixed set of tokens.
 *
 * <p>As Consul: an unknown token is refused with 403 {@code ACL not found} on every endpoint. No
 * token means the anonymous token, which may do nothing: reads answer 200 with the results it may
 * not see filtered out (everything), writes are refused with 403 {@code Permission denied}.
 */
final class Acl {

  /** What a token may do; {@code WRITE} includes {@code READ}. */
  enum Access {
    NONE,
    READ,
    WRITE
  }

  static final String ANONYMOUS_ACCESSOR = "00000000-0000-0000-0000-000000000002";

  private final Map<String, Access> tokens;

  Acl(Map<String, Access> tokens) {
    this.tokens = Map.copyOf(tokens);
  }

  boolean enabled() {
    return !tokens.isEmpty();
  }

  /**
   * What {@code token} may do.
   *
   * @throws HttpError 403 {@code ACL not found} for a token the simulator does not know
   */
  Access access(@Nullable String token) {
    if (!enabled()) {
      return Access.WRITE;
    }
    if (token == null || token.isEmpty()) {
      return Access.NONE;
    }
    Access access = tokens.get(token);
    if (access == null) {
      throw new HttpError(403, "ACL not found");
    }
    return access;
  }

  /** Refuses a write as Consul 1.12+ words it. */
  static HttpError permissionDenied(@Nullable String token, String permission, String resource) {
    String who =
        token == null || token.isEmpty()
            ? "AccessorID '" + ANONYMOUS_ACCESSOR + "'"
            : "AccessorID '"
                + java.util.UUID.nameUUIDFromBytes(
                    token.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "'";
    return new HttpError(
        403,
        "Permission denied: token with "
            + who
            + " lacks permission '"
            + permission
            + "' on \""
            + resource
            + "\"");
  }
}
