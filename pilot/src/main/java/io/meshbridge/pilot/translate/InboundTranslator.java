package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.meshbridge.pilot.policy.AuthorizationPolicy;
import io.meshbridge.pilot.policy.PeerAuthentication;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import io.meshbridge.pilot.translate.security.WorkloadPolicies;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sidecar's inbound side (docs/xds.md, "Inbound listeners and PeerAuthentication"): per {@code
 * MESHBRIDGE_INBOUND} entry a static cluster {@code inbound|<port>||} to the local app and a
 * listener {@code inbound_<address>_<port>} whose filter chains follow the effective
 * PeerAuthentication mode, with the workload's AuthorizationPolicies as RBAC filters.
 */
final class InboundTranslator {

  private static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  /** What the inbound side of {@code scope} adds: clusters and listeners, in name order. */
  record Inbound(List<Cluster> clusters, List<Listener> listeners) {
    static final Inbound NONE = new Inbound(List.of(), List.of());
  }

  /**
   * @param outbound the scope's other listeners: an inbound entry whose address and port one of
   *     them already takes is left out and reported
   */
  static Inbound translate(
      ProxyScope scope,
      PolicySet policies,
      SecuritySettings security,
      List<Listener> outbound,
      List<String> problems) {
    ProxyWorkload workload = scope.workload();
    if (scope.kind() != ProxyScope.Kind.SIDECAR || workload == null) {
      return Inbound.NONE;
    }
    List<AuthorizationPolicy> authz =
        WorkloadPolicies.authorizations(
            policies.authorizationPolicies(), workload.namespace(), scope.labels(),
            security.rootNamespace());
    List<Cluster> clusters = new ArrayList<>();
    List<Listener> listeners = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    for (ProxyWorkload.Inbound in : workload.inbound()) {
      String taken = takenBy(in, outbound);
      if (taken != null || !ports.add(in.port())) {
        problems.add("inbound " + in.address() + ":" + in.port() + " (" + in.name()
            + "): left out, " + (taken != null ? "listener " + taken + " takes the port"
                : "another inbound entry has port " + in.port()));
        continue;
      }
      PeerAuthentication.Mode mode =
          WorkloadPolicies.mtlsMode(
              policies.peerAuthentications(), workload.namespace(), scope.labels(),
              security.rootNamespace(), in.targetPort());
      if (!security.meshTls()) {
        mode = withoutMeshTls(mode, in, problems);
      }
      clusters.add(cluster(in));
      listeners.add(listener(in, mode, authz, security, problems));
    }
    return new Inbound(clusters, listeners);
  }

  /**
   * Without a CA no proxy has a mesh certificate: PERMISSIVE can only be plaintext; STRICT keeps
   * refusing plaintext (never weaker than asked), which is reported.
   */
  private static PeerAuthentication.Mode withoutMeshTls(
      PeerAuthentication.Mode mode, ProxyWorkload.Inbound in, List<String> problems) {
    if (mode == PeerAuthentication.Mode.STRICT) {
      problems.add("inbound " + in.address() + ":" + in.port() + " (" + in.name()
          + "): PeerAuthentication STRICT, but pilot has no CA (ca.directory): no mesh"
          + " certificate exists, so every connection is refused");
      return mode;
    }
    return PeerAuthentication.Mode.DISABLE;
  }

  static String clusterName(ProxyWorkload.Inbound in) {
    return "inbound|" + in.port() + "||";
  }

  private static Cluster cluster(ProxyWorkload.Inbound in) {
    String name = clusterName(in);
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(CONNECT_TIMEOUT)
        .setLoadAssignment(
            ClusterLoadAssignment.newBuilder()
                .setClusterName(name)
                .addEndpoints(
                    LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(
                            LbEndpoint.newBuilder()
                                .setEndpoint(
                                    io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                                        .setAddress(address(in.targetAddress(), in.targetPort()))))))
        .build();
  }

  private static Listener listener(
      ProxyWorkload.Inbound in,
      PeerAuthentication.Mode mode,
      List<AuthorizationPolicy> authz,
      SecuritySettings security,
      List<String> problems) {
    Listener.Builder listener =
        Listener.newBuilder()
            .setName("inbound_" + in.address() + "_" + in.port())
            .setTrafficDirection(TrafficDirection.INBOUND)
            .setAddress(address(in.address(), in.port()));
    if (mode != PeerAuthentication.Mode.DISABLE) {
      listener.addListenerFilters(
          ListenerFilter.newBuilder()
              .setName(L4Listeners.TLS_INSPECTOR)
              .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())));
    }
    InboundChains.forMode(mode, InboundFilters.of(in, authz, security.revoked(), problems), in, security)
        .forEach(listener::addFilterChains);
    return listener.build();
  }

  /** The name of an outbound listener on the same address (or a wildcard) and port, or null. */
  private static @org.jspecify.annotations.Nullable String takenBy(
      ProxyWorkload.Inbound in, List<Listener> outbound) {
    for (Listener l : outbound) {
      SocketAddress a = l.getAddress().getSocketAddress();
      if (a.getPortValue() == in.port() && (a.getAddress().equals(in.address())
          || wildcard(a.getAddress()) || wildcard(in.address()))) {
        return l.getName();
      }
    }
    return null;
  }

  private static boolean wildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::");
  }

  private static Address address(String ip, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port))
        .build();
  }

  private InboundTranslator() {}
}
