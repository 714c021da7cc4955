package io.meshbridge.pilot.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.ClientTls;
import io.meshbridge.pilot.policy.DestinationRule;
import io.meshbridge.pilot.translate.security.ClientTlsSockets;
import io.meshbridge.pilot.translate.security.MeshTls;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Outbound TLS (docs/xds.md, "Transport sockets"): endpoints labelled {@code
 * security.istio.io/tlsMode: istio} are marked for auto mTLS, and each cluster gets the {@code
 * transport_socket} of its DestinationRule's merged {@code tls}, or else, when some endpoint is
 * marked, Istio's two {@code transport_socket_matches}.
 */
final class UpstreamTls {

  static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";
  static final String MATCH_METADATA = "envoy.transport_socket_match";

  private static final Struct ISTIO =
      Struct.newBuilder().putFields("tlsMode", Value.newBuilder().setStringValue("istio").build())
          .build();

  /** Load assignments with every mesh-TLS endpoint marked. */
  static List<ClusterLoadAssignment> markEndpoints(List<ClusterLoadAssignment> assignments) {
    return assignments.stream().map(UpstreamTls::mark).toList();
  }

  /** Clusters with their transport sockets; {@code assignments} as {@link #markEndpoints} made. */
  static List<Cluster> apply(
      List<Cluster> clusters,
      List<ClusterLoadAssignment> assignments,
      MeshModel model,
      Policies policies,
      SecuritySettings security) {
    Map<String, ClusterLoadAssignment> eds = new HashMap<>();
    assignments.forEach(a -> eds.put(a.getClusterName(), a));
    Map<String, Target> targets = targets(model, policies);
    return clusters.stream().map(c -> {
      Target target = targets.get(c.getName());
      if (target == null) {
        return c;
      }
      Cluster.Builder cluster = c.toBuilder();
      if (c.hasLoadAssignment()) {
        cluster.setLoadAssignment(mark(c.getLoadAssignment()));
      }
      ClusterLoadAssignment members = cluster.hasLoadAssignment() ? cluster.getLoadAssignment()
          : eds.getOrDefault(c.getName(), ClusterLoadAssignment.getDefaultInstance());
      String sni = MeshTls.sni(target.port().number(), target.subset(),
          target.service().key().meshHostname());
      ClientTls tls = target.policy(policies).tls();
      DestinationRule rule = policies.rule(target.service().key());
      if (tls != null && rule != null) {
        TransportSocket socket = ClientTlsSockets.of(
            tls, security.trustDomain(), sni, rule.host(), target.port().protocol());
        if (socket != null) {
          cluster.setTransportSocket(socket);
        }
      } else if (security.meshTls() && hasMeshEndpoint(members)) {
        cluster
            .addTransportSocketMatches(
                Cluster.TransportSocketMatch.newBuilder()
                    .setName("tlsMode-istio")
                    .setMatch(ISTIO)
                    .setTransportSocket(
                        MeshTls.upstream(security.trustDomain(), sni, target.port().protocol())))
            .addTransportSocketMatches(
                Cluster.TransportSocketMatch.newBuilder()
                    .setName("tlsMode-disabled")
                    .setMatch(Struct.getDefaultInstance())
                    .setTransportSocket(MeshTls.rawBuffer()));
      }
      return cluster.build();
    }).toList();
  }

  private static Map<String, Target> targets(MeshModel model, Policies policies) {
    Map<String, Target> out = new HashMap<>();
    for (Service service : model.services().values()) {
      DestinationRule rule = policies.rule(service.key());
      for (ServicePort port : service.ports()) {
        Target whole = new Target(service, port, "");
        out.put(whole.cluster(), whole);
        if (rule != null) {
          for (DestinationRule.Subset subset : rule.subsets()) {
            Target t = new Target(service, port, subset.name());
            out.put(t.cluster(), t);
          }
        }
      }
    }
    return out;
  }

  private static boolean hasMeshEndpoint(ClusterLoadAssignment cla) {
    return cla.getEndpointsList().stream().flatMap(l -> l.getLbEndpointsList().stream())
        .anyMatch(e -> e.getMetadata().containsFilterMetadata(MATCH_METADATA));
  }

  private static ClusterLoadAssignment mark(ClusterLoadAssignment cla) {
    if (cla.getEndpointsList().stream().flatMap(l -> l.getLbEndpointsList().stream())
        .noneMatch(UpstreamTls::meshTls)) {
      return cla;
    }
    ClusterLoadAssignment.Builder out = cla.toBuilder().clearEndpoints();
    for (LocalityLbEndpoints locality : cla.getEndpointsList()) {
      LocalityLbEndpoints.Builder l = locality.toBuilder().clearLbEndpoints();
      for (LbEndpoint e : locality.getLbEndpointsList()) {
        l.addLbEndpoints(meshTls(e) ? e.toBuilder().setMetadata(
            e.getMetadata().toBuilder().putFilterMetadata(MATCH_METADATA, ISTIO)).build() : e);
      }
      out.addEndpoints(l);
    }
    return out.build();
  }

  private static boolean meshTls(LbEndpoint e) {
    @Nullable Struct meshbridge =
        e.getMetadata().getFilterMetadataOrDefault(EndpointTranslator.METADATA_NAMESPACE, null);
    if (meshbridge == null) {
      return false;
    }
    Value labels = meshbridge.getFieldsOrDefault("labels", Value.getDefaultInstance());
    return "istio".equals(labels.getStructValue()
        .getFieldsOrDefault(TLS_MODE_LABEL, Value.getDefaultInstance()).getStringValue());
  }

  private UpstreamTls() {}
}
