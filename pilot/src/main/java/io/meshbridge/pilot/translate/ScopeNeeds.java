package io.meshbridge.pilot.translate;

import io.meshbridge.pilot.policy.DestinationRule;
import io.meshbridge.pilot.policy.HttpMatch;
import io.meshbridge.pilot.policy.HttpRoute;
import io.meshbridge.pilot.policy.L4Route;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.TrafficPolicy;
import io.meshbridge.pilot.policy.VirtualService;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What of a node, beyond kind and bind address, the current policies make its resources depend
 * on: the {@code LABELS} keys some {@code sourceLabels}, {@code failoverPriority} or security
 * {@code selector} names, and
 * its locality when some
 * DestinationRule fails over by locality. A {@link ProxyScope} keeps only these, so nodes fall in
 * as few groups (snapshots) as the policies allow.
 *
 * @param labelKeys the label keys any VirtualService's {@code sourceLabels}, DestinationRule's
 *     {@code failoverPriority}, or PeerAuthentication's or AuthorizationPolicy's {@code selector}
 *     uses
 * @param locality whether some DestinationRule may give endpoints priorities by locality
 */
public record ScopeNeeds(Set<String> labelKeys, boolean locality) {

  /** Nothing beyond kind and bind address: no policy reads labels or locality. */
  public static final ScopeNeeds NONE = new ScopeNeeds(Set.of(), false);

  public ScopeNeeds {
    labelKeys = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(labelKeys));
  }

  /** What {@code policies} make resources depend on. */
  public static ScopeNeeds of(PolicySet policies) {
    Set<String> keys = new TreeSet<>();
    for (VirtualService vs : policies.virtualServices()) {
      for (HttpRoute route : vs.http()) {
        for (HttpMatch m : route.matches()) {
          keys.addAll(m.sourceLabels().keySet());
        }
      }
      for (L4Route route : concat(vs.tcp(), vs.tls())) {
        route.matches().forEach(m -> keys.addAll(m.sourceLabels().keySet()));
      }
    }
    policies.peerAuthentications().forEach(pa -> keys.addAll(pa.selector().keySet()));
    policies.authorizationPolicies().forEach(ap -> keys.addAll(ap.selector().keySet()));
    boolean locality = false;
    for (DestinationRule dr : policies.destinationRules()) {
      locality |= failsOver(dr.trafficPolicy());
      priorityLabels(dr.trafficPolicy(), keys);
      for (DestinationRule.Subset s : dr.subsets()) {
        locality |= failsOver(s.policy());
        priorityLabels(s.policy(), keys);
      }
    }
    return new ScopeNeeds(keys, locality);
  }

  /** The label names of {@code failoverPriority} entries that compare with the proxy's labels. */
  private static void priorityLabels(
      @org.jspecify.annotations.Nullable TrafficPolicy p, Set<String> keys) {
    if (p == null) {
      return;
    }
    if (p.loadBalancer() != null && p.loadBalancer().locality() != null) {
      p.loadBalancer().locality().failoverPriority().stream()
          .filter(label -> label.indexOf('=') < 0).forEach(keys::add);
    }
    p.portLevelSettings().forEach(pp -> priorityLabels(pp.policy(), keys));
  }

  private static List<L4Route> concat(List<L4Route> a, List<L4Route> b) {
    List<L4Route> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static boolean failsOver(@org.jspecify.annotations.Nullable TrafficPolicy p) {
    if (p == null) {
      return false;
    }
    if (p.outlierDetection() != null || (p.loadBalancer() != null
        && p.loadBalancer().locality() != null)) {
      return true;
    }
    return p.portLevelSettings().stream().anyMatch(pp -> failsOver(pp.policy()));
  }
}
