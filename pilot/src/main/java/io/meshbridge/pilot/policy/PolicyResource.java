package io.meshbridge.pilot.policy;

/** A VirtualService or a DestinationRule, with where it was read from. */
public sealed interface PolicyResource permits VirtualService, DestinationRule {

  /** {@code VirtualService} or {@code DestinationRule}. */
  String kind();

  String namespace();

  String name();

  /** The file (and document) it came from, e.g. {@code reviews.yaml#2}. */
  String source();

  /** {@code VirtualService shop/reviews}, the prefix of every message about it. */
  default String describe() {
    return kind() + " " + namespace() + "/" + name();
  }
}
