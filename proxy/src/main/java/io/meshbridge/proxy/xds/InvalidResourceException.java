package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

/**
 * An xDS resource this proxy cannot apply. The message names the resource, the field path and the
 * problem, e.g. {@code Cluster outbound|80||a.b.mesh: lb_policy: MAGLEV is not supported
 * (supported: ROUND_ROBIN)}; it goes verbatim into the NACK.
 */
public final class InvalidResourceException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String resource;

  /**
   * @param resource the resource, as {@code "<Type> <name>"}
   * @param field the field path inside it, in proto field names ({@code a.b[0].c})
   * @param problem what is wrong and what was expected
   */
  public InvalidResourceException(String resource, String field, String problem) {
    super(requireNonNull(resource, "resource") + ": " + requireNonNull(field, "field") + ": "
        + requireNonNull(problem, "problem"));
    this.resource = resource;
  }

  /** The resource the problem is in, as {@code "<Type> <name>"}. */
  public String resource() {
    return resource;
  }
}
