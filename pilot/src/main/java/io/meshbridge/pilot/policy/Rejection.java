package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

/**
 * A resource (or a whole file) that was not applied, and why.
 *
 * @param kind {@code VirtualService}, {@code DestinationRule}, or what the document said
 * @param name {@code namespace/name}, or {@code ""} when the document does not say
 * @param source the file (and document), e.g. {@code reviews.yaml#2}
 * @param reason the field path and what is wrong, e.g. {@code spec.http[0].mirror: not supported}
 */
public record Rejection(String kind, String name, String source, String reason) {

  public Rejection {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    requireNonNull(reason, "reason");
  }

  static Rejection of(PolicyResource r, String reason) {
    return new Rejection(r.kind(), r.namespace() + "/" + r.name(), r.source(), reason);
  }

  /** {@code VirtualService shop/reviews: spec.http[0].mirror: not supported (reviews.yaml#1)}. */
  @Override
  public String toString() {
    String what = name.isEmpty() ? kind : kind + " " + name;
    return what + ": " + reason + " (" + source + ")";
  }
}
