package io.meshbridge.pilot.policy;

import io.meshbridge.model.MeshModel;
import io.meshbridge.model.ServiceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The accepted Istio resources, and what was rejected. Resources are in (namespace, name) order;
 * where two claim the same thing the first in that order wins. ServiceEntries, WorkloadEntries and
 * WorkloadGroups are not traffic policy: pilot publishes them as the {@code istio-config} registry.
 * PeerAuthentications and AuthorizationPolicies select workloads, not hosts: they are kept as read.
 */
public record PolicySet(
    List<VirtualService> virtualServices,
    List<DestinationRule> destinationRules,
    List<ServiceEntry> serviceEntries,
    List<WorkloadEntry> workloadEntries,
    List<WorkloadGroup> workloadGroups,
    List<PeerAuthentication> peerAuthentications,
    List<AuthorizationPolicy> authorizationPolicies,
    List<Rejection> rejections) {

  public static final PolicySet EMPTY = new PolicySet(List.of(), List.of(), List.of());

  private static final Comparator<PolicyResource> ORDER =
      Comparator.comparing(PolicyResource::namespace).thenComparing(PolicyResource::name);

  public PolicySet {
    virtualServices = List.copyOf(virtualServices);
    destinationRules = List.copyOf(destinationRules);
    serviceEntries = List.copyOf(serviceEntries);
    workloadEntries = List.copyOf(workloadEntries);
    workloadGroups = List.copyOf(workloadGroups);
    peerAuthentications = List.copyOf(peerAuthentications);
    authorizationPolicies = List.copyOf(authorizationPolicies);
    rejections = List.copyOf(rejections);
  }

  /** Without security policy. */
  public PolicySet(
      List<VirtualService> virtualServices,
      List<DestinationRule> destinationRules,
      List<ServiceEntry> serviceEntries,
      List<WorkloadEntry> workloadEntries,
      List<WorkloadGroup> workloadGroups,
      List<Rejection> rejections) {
    this(virtualServices, destinationRules, serviceEntries, workloadEntries, workloadGroups,
        List.of(), List.of(), rejections);
  }

  /** Traffic policy only, no registry resources. */
  public PolicySet(
      List<VirtualService> virtualServices,
      List<DestinationRule> destinationRules,
      List<Rejection> rejections) {
    this(virtualServices, destinationRules, List.of(), List.of(), List.of(), rejections);
  }

  /** The same traffic and security policy and rejections, without the registry resources. */
  public PolicySet withoutRegistryResources(List<Rejection> moreRejections) {
    List<Rejection> all = new ArrayList<>(rejections);
    all.addAll(moreRejections);
    return new PolicySet(virtualServices, destinationRules, List.of(), List.of(), List.of(),
        peerAuthentications, authorizationPolicies, all);
  }

  /**
   * Checks resources against each other, without a registry: one name per kind, one
   * DestinationRule per host, every subset a route names defined by the DestinationRule of its
   * host.
   */
  public static PolicySet of(List<PolicyResource> resources, List<Rejection> rejections) {
    List<Rejection> rejected = new ArrayList<>(rejections);
    List<PolicyResource> sorted = new ArrayList<>(resources);
    sorted.sort(ORDER);
    Set<String> names = new HashSet<>();
    Map<String, DestinationRule> rules = new HashMap<>();
    List<DestinationRule> acceptedRules = new ArrayList<>();
    for (PolicyResource r : sorted) {
      if (r instanceof DestinationRule dr && unique(dr, names, rejected)) {
        DestinationRule other = rules.putIfAbsent(dr.host(), dr);
        if (other != null) {
          rejected.add(Rejection.of(dr, "spec.host: '" + dr.host()
              + "' already has " + other.describe()));
        } else {
          acceptedRules.add(dr);
        }
      }
    }
    List<ServiceEntry> entries = new ArrayList<>();
    List<WorkloadEntry> workloads = new ArrayList<>();
    List<WorkloadGroup> groups = new ArrayList<>();
    List<PeerAuthentication> peers = new ArrayList<>();
    List<AuthorizationPolicy> authorizations = new ArrayList<>();
    for (PolicyResource r : sorted) {
      if (r instanceof PeerAuthentication pa && unique(pa, names, rejected)) {
        peers.add(pa);
      } else if (r instanceof AuthorizationPolicy ap && unique(ap, names, rejected)) {
        authorizations.add(ap);
      } else if (r instanceof ServiceEntry se && unique(se, names, rejected)) {
        entries.add(se);
      } else if (r instanceof WorkloadEntry we && unique(we, names, rejected)) {
        workloads.add(we);
      } else if (r instanceof WorkloadGroup wg && unique(wg, names, rejected)) {
        groups.add(wg);
      }
    }
    List<VirtualService> acceptedServices = new ArrayList<>();
    for (PolicyResource r : sorted) {
      if (r instanceof VirtualService vs && unique(vs, names, rejected)) {
        String problem = missingSubset(vs, rules);
        if (problem != null) {
          rejected.add(Rejection.of(vs, problem));
        } else {
          acceptedServices.add(vs);
        }
      }
    }
    return new PolicySet(acceptedServices, acceptedRules, entries, workloads, groups, peers,
        authorizations, rejected);
  }

  /**
   * The resources whose hosts all name services of {@code model}; the others are rejected naming
   * the host. A service that two VirtualServices name keeps the first.
   */
  public PolicySet against(MeshModel model) {
    HostIndex index = HostIndex.of(model);
    List<Rejection> rejected = new ArrayList<>(rejections);
    List<DestinationRule> rules = new ArrayList<>();
    for (DestinationRule dr : destinationRules) {
      if (index.find(dr.host()).isEmpty()) {
        rejected.add(Rejection.of(dr, "spec.host: '" + dr.host() + "' is not a known service"));
      } else {
        rules.add(dr);
      }
    }
    List<VirtualService> services = new ArrayList<>();
    Map<ServiceKey, VirtualService> owners = new HashMap<>();
    for (VirtualService vs : virtualServices) {
      String problem = unknownHost(vs, index, owners);
      if (problem != null) {
        rejected.add(Rejection.of(vs, problem));
        continue;
      }
      vs.hosts().forEach(h -> owners.put(index.find(h).orElseThrow(), vs));
      services.add(vs);
    }
    return new PolicySet(services, rules, serviceEntries, workloadEntries, workloadGroups,
        peerAuthentications, authorizationPolicies, rejected);
  }

  private static boolean unique(PolicyResource r, Set<String> names, List<Rejection> rejected) {
    if (names.add(r.kind() + " " + r.namespace() + "/" + r.name())) {
      return true;
    }
    rejected.add(Rejection.of(r, "metadata.name: defined twice; the one read first is kept"));
    return false;
  }

  private static @Nullable String missingSubset(VirtualService vs, Map<String, DestinationRule> rules) {
    for (VirtualService.Target t : vs.targets()) {
      Destination d = t.destination();
      DestinationRule rule = rules.get(d.host());
      if (!d.subset().isEmpty() && (rule == null || rule.subset(d.subset()).isEmpty())) {
        return t.path() + ".subset: '" + d.subset()
            + "' is not defined by any DestinationRule for host " + d.host();
      }
    }
    return null;
  }

  private static @Nullable String unknownHost(
      VirtualService vs, HostIndex index, Map<ServiceKey, VirtualService> owners) {
    for (int i = 0; i < vs.hosts().size(); i++) {
      String host = vs.hosts().get(i);
      var key = index.find(host);
      if (key.isEmpty()) {
        return "spec.hosts[" + i + "]: '" + host + "' is not a known service";
      }
      VirtualService owner = owners.get(key.get());
      if (owner != null) {
        return "spec.hosts[" + i + "]: service " + key.get() + " already has " + owner.describe();
      }
    }
    for (VirtualService.Target t : vs.targets()) {
      String host = t.destination().host();
      if (index.find(host).isEmpty()) {
        return t.path() + ".host: '" + host + "' is not a known service";
      }
    }
    return null;
  }
}
