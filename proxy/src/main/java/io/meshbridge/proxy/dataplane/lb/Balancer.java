package io.meshbridge.proxy.dataplane.lb;

/**
 * Picks one of a fixed set of members (indices into the cluster's endpoint list). Immutable or
 * lock-free, shared by every event loop; built off the hot path.
 */
public interface Balancer {

  /** Marks "no hash" for {@link #pick(boolean, long)}. */
  long NO_HASH = 0;

  /**
   * A member's endpoint index. {@code hashed} says whether {@code hash} is the request's hash;
   * balancers that do not hash ignore it, hashing ones pick at random without one (as Envoy).
   */
  int pick(boolean hashed, long hash);
}
