package io.meshbridge.pilot.translate;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy;
import io.meshbridge.pilot.policy.TrafficPolicy;
import io.meshbridge.pilot.policy.TrafficPolicy.ConsistentHash;
import java.util.List;
import java.util.Optional;

/**
 * A DestinationRule's {@code consistentHash} as the route {@code hash_policy} Envoy hashes on; as
 * in Istio the first destination (in route order) whose cluster hashes gives the route's policy.
 */
final class HashPolicies {

  static Optional<HashPolicy> of(List<Target> targets, Policies policies) {
    for (Target t : targets) {
      TrafficPolicy.LoadBalancer lb = t.policy(policies).loadBalancer();
      if (lb != null && lb.consistentHash() != null) {
        return Optional.of(of(lb.consistentHash()));
      }
    }
    return Optional.empty();
  }

  private static HashPolicy of(ConsistentHash h) {
    HashPolicy.Builder policy = HashPolicy.newBuilder();
    switch (h.key()) {
      case HEADER -> policy.setHeader(HashPolicy.Header.newBuilder().setHeaderName(h.name()));
      case QUERY_PARAMETER ->
          policy.setQueryParameter(HashPolicy.QueryParameter.newBuilder().setName(h.name()));
      case SOURCE_IP ->
          policy.setConnectionProperties(
              HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true));
      case COOKIE -> {
        HashPolicy.Cookie.Builder cookie = HashPolicy.Cookie.newBuilder().setName(h.name());
        if (h.cookiePath() != null) {
          cookie.setPath(h.cookiePath());
        }
        if (h.cookieTtl() != null) {
          cookie.setTtl(Durations.fromNanos(h.cookieTtl().toNanos()));
        }
        policy.setCookie(cookie);
      }
    }
    return policy.build();
  }

  private HashPolicies() {}
}
