package io.meshbridge.pilot.translate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.MeshModel;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the mesh model into the xDS resources of one proxy scope, exactly as {@code
 * docs/xds.md} specifies. Pure: no clock, no I/O, deterministic output.
 */
public final class Translator {

  /** The resources {@code scope} gets for {@code model} without traffic policy. */
  public static XdsResources translate(MeshModel model, ProxyScope scope) {
    return translate(model, PolicySet.EMPTY, scope);
  }

  /**
   * The resources {@code scope} gets for {@code model} under {@code policies}; resources whose
   * hosts are not services of the model are left out (see {@link PolicySet#against}).
   */
  public static XdsResources translate(MeshModel model, PolicySet policies, ProxyScope scope) {
    return translate(model, policies, scope, SecuritySettings.DEFAULT);
  }

  /**
   * As {@link #translate(MeshModel, PolicySet, ProxyScope)}, with the trust domain and root
   * namespace of {@code security}: adds the scope's inbound side and outbound TLS.
   */
  public static XdsResources translate(
      MeshModel model, PolicySet policies, ProxyScope scope, SecuritySettings security) {
    requireNonNull(model, "model");
    requireNonNull(policies, "policies");
    requireNonNull(scope, "scope");
    requireNonNull(security, "security");
    List<String> problems = new ArrayList<>();
    Policies applied = new Policies(model, policies);
    var endpoints = UpstreamTls.markEndpoints(
        EndpointTranslator.translate(model, applied, scope));
    var clusters = new ArrayList<>(UpstreamTls.apply(
        ClusterTranslator.translate(model, applied), endpoints, model, applied, security));
    var routes = RouteTranslator.translate(model, applied, scope, problems);
    var filters = HttpConnectionManagers.filtersByPort(routes);
    var listeners = new ArrayList<>(
        ListenerTranslator.translate(model, applied, scope, filters, problems));
    var inbound = InboundTranslator.translate(scope, policies, security, listeners, problems);
    clusters.addAll(inbound.clusters());
    listeners.addAll(inbound.listeners());
    if (VirtualOutbound.applies(scope)) {
      clusters.add(VirtualOutbound.passthroughCluster());
      listeners.add(VirtualOutbound.listener());
    }
    clusters.sort(Comparator.comparing(Cluster::getName));
    listeners.sort(Comparator.comparing(Listener::getName));
    // An ORIGINAL_DST cluster (PASSTHROUGH) has no endpoints of its own: no assignment for it.
    var originalDst = clusters.stream()
        .filter(c -> c.getType() == Cluster.DiscoveryType.ORIGINAL_DST)
        .map(Cluster::getName)
        .collect(java.util.stream.Collectors.toSet());
    var assignments = endpoints.stream()
        .filter(a -> !originalDst.contains(a.getClusterName()))
        .toList();
    return new XdsResources(listeners, routes, clusters, assignments, problems);
  }

  private Translator() {}
}
