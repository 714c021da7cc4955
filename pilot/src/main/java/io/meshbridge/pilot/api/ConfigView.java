package io.meshbridge.pilot.api;

import io.meshbridge.pilot.policy.AuthorizationPolicy;
import io.meshbridge.pilot.policy.DestinationRule;
import io.meshbridge.pilot.policy.PeerAuthentication;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.Rejection;
import io.meshbridge.pilot.policy.ServiceEntry;
import io.meshbridge.pilot.policy.VirtualService;
import io.meshbridge.pilot.policy.WorkloadEntry;
import io.meshbridge.pilot.policy.WorkloadGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of {@code GET /v1/config}. Field names are part of the API: see pilot/README.md.
 *
 * @param accepted the resources applied: VirtualServices, DestinationRules, ServiceEntries,
 *     WorkloadEntries, WorkloadGroups, PeerAuthentications, AuthorizationPolicies, each kind in
 *     (namespace, name) order
 * @param rejected what was not applied, each with the field path and the reason
 */
public record ConfigView(List<AcceptedView> accepted, List<RejectedView> rejected) {

  /** An applied resource and the hosts it is about. */
  public record AcceptedView(
      String kind, String namespace, String name, String source, List<String> hosts) {}

  /** A rejected resource or file; {@code message} is the one-line form pilot logs. */
  public record RejectedView(
      String kind, String name, String source, String reason, String message) {}

  static ConfigView of(PolicySet policies) {
    List<AcceptedView> accepted = new ArrayList<>();
    for (VirtualService vs : policies.virtualServices()) {
      accepted.add(new AcceptedView(vs.kind(), vs.namespace(), vs.name(), vs.source(), vs.hosts()));
    }
    for (DestinationRule dr : policies.destinationRules()) {
      accepted.add(
          new AcceptedView(dr.kind(), dr.namespace(), dr.name(), dr.source(), List.of(dr.host())));
    }
    for (ServiceEntry se : policies.serviceEntries()) {
      accepted.add(new AcceptedView(se.kind(), se.namespace(), se.name(), se.source(), se.hosts()));
    }
    for (WorkloadEntry we : policies.workloadEntries()) {
      accepted.add(new AcceptedView(we.kind(), we.namespace(), we.name(), we.source(), List.of()));
    }
    for (WorkloadGroup wg : policies.workloadGroups()) {
      accepted.add(new AcceptedView(wg.kind(), wg.namespace(), wg.name(), wg.source(), List.of()));
    }
    for (PeerAuthentication pa : policies.peerAuthentications()) {
      accepted.add(new AcceptedView(pa.kind(), pa.namespace(), pa.name(), pa.source(), List.of()));
    }
    for (AuthorizationPolicy ap : policies.authorizationPolicies()) {
      accepted.add(new AcceptedView(ap.kind(), ap.namespace(), ap.name(), ap.source(), List.of()));
    }
    List<RejectedView> rejected = new ArrayList<>();
    for (Rejection r : policies.rejections()) {
      rejected.add(new RejectedView(r.kind(), r.name(), r.source(), r.reason(), r.toString()));
    }
    return new ConfigView(accepted, rejected);
  }
}
