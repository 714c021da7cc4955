package io.meshbridge.pilot.policy;

/** An Istio resource pilot accepts, with where it was read from. */
public sealed interface PolicyResource
    permits VirtualService,
        DestinationRule,
        ServiceEntry,
        WorkloadEntry,
        WorkloadGroup,
        PeerAuthentication,
        AuthorizationPolicy {

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
