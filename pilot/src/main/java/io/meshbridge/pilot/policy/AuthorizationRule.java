package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code rules[]} entry of an AuthorizationPolicy. A request matches when it matches one
 * {@code from} entry (or there is none), one {@code to} entry (or there is none) and every {@code
 * when} condition.
 *
 * @param from each {@code from[].source}: its fields, all of which must match
 * @param to each {@code to[].operation}: its fields, all of which must match
 * @param when the conditions; {@code values} and {@code notValues} of one are two matches
 */
public record AuthorizationRule(
    List<List<Match>> from, List<List<Match>> to, List<Match> when) {

  /** What a field or condition is about, and whether only HTTP requests have it. */
  public enum Attribute {
    PRINCIPAL(false, true),
    NAMESPACE(false, true),
    SOURCE_IP(false, true),
    REMOTE_IP(false, true),
    HOST(true, false),
    PORT(false, false),
    METHOD(true, false),
    PATH(true, false),
    REQUEST_HEADER(true, false);

    private final boolean httpOnly;
    private final boolean ofPeer;

    Attribute(boolean httpOnly, boolean ofPeer) {
      this.httpOnly = httpOnly;
      this.ofPeer = ofPeer;
    }

    /** Hosts, methods, paths and request headers: a TCP connection has none of them. */
    public boolean httpOnly() {
      return httpOnly;
    }

    /** About the peer (an RBAC principal) rather than the request (a permission). */
    public boolean ofPeer() {
      return ofPeer;
    }
  }

  /**
   * One field ({@code principals}, {@code notPaths}, ...) or {@code when} condition: matches when
   * the attribute matches one of {@code values}, or, if {@code negated}, none of them.
   *
   * @param header the header name for {@link Attribute#REQUEST_HEADER}, else {@code ""}
   * @param field the Istio field path it came from, e.g. {@code spec.rules[0].to[1].operation.paths}
   */
  public record Match(
      Attribute attribute, String header, boolean negated, List<String> values, String field) {
    public Match {
      requireNonNull(attribute, "attribute");
      requireNonNull(header, "header");
      requireNonNull(field, "field");
      values = List.copyOf(values);
    }
  }

  public AuthorizationRule {
    from = from.stream().map(List::copyOf).toList();
    to = to.stream().map(List::copyOf).toList();
    when = List.copyOf(when);
  }
}
