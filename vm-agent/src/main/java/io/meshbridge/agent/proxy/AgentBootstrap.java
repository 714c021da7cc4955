package io.meshbridge.agent.proxy;

import com.google.protobuf.Any;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.config.CaptureConfig;
import io.meshbridge.agent.config.IdentityConfig;
import io.meshbridge.agent.config.PortConfig;
import io.meshbridge.agent.config.RegistrationConfig;
import io.meshbridge.agent.registration.Registrars;
import io.meshbridge.agent.config.ServiceConfig;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.nio.file.Path;
import java.util.Map;

/**
 * The proxy's Envoy bootstrap, made from {@code agent.yaml}: the node and its metadata as
 * docs/xds.md defines it (bind address, workload identity, inbound ports, CA settings), delta ADS,
 * and pilot's addresses as the static {@code xds-grpc} cluster.
 */
public final class AgentBootstrap {

  static final String XDS_CLUSTER = "xds-grpc";

  /** The bootstrap for {@code config}. */
  public static Bootstrap of(AgentConfig config) {
    ConfigSource ads =
        ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3)
            .build();
    return Bootstrap.newBuilder()
        .setNode(node(config))
        .setDynamicResources(
            Bootstrap.DynamicResources.newBuilder()
                .setAdsConfig(
                    ApiConfigSource.newBuilder()
                        .setApiType(ApiConfigSource.ApiType.DELTA_GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .addGrpcServices(
                            GrpcService.newBuilder()
                                .setEnvoyGrpc(
                                    GrpcService.EnvoyGrpc.newBuilder()
                                        .setClusterName(XDS_CLUSTER))))
                .setLdsConfig(ads)
                .setCdsConfig(ads))
        .setStaticResources(
            Bootstrap.StaticResources.newBuilder().addClusters(xdsCluster(config)))
        .setAdmin(Admin.newBuilder().setAddress(address(config.proxy().adminAddress())))
        .build();
  }

  /** As JSON, the form written to {@code <stateDir>/bootstrap.json}. */
  public static String json(Bootstrap bootstrap) {
    try {
      return JsonFormat.printer()
          .usingTypeRegistry(
              TypeRegistry.newBuilder().add(UpstreamTlsContext.getDescriptor()).build())
          .print(bootstrap);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("bootstrap cannot be printed as JSON", e);
    }
  }

  static Node node(AgentConfig config) {
    ServiceConfig service = config.service();
    Struct.Builder metadata =
        Struct.newBuilder()
            .putFields("MESHBRIDGE_BIND_ADDRESS", text(config.proxy().bindAddress()))
            .putFields("NAMESPACE", text(service.key().namespace()))
            .putFields("SERVICE_ACCOUNT", text(service.serviceAccount()))
            .putFields("LABELS", labels(service.labels()));
    if (config.capture() != null && config.capture().mode() == CaptureConfig.Mode.TPROXY) {
      // pilot writes Istio's virtualOutbound listener (transparent, on 15001) for such nodes
      metadata.putFields("INTERCEPTION_MODE", text("TPROXY"));
    }
    RegistrationConfig.Pilot autoRegister = config.registration().pilot();
    if (autoRegister != null) {
      // Istio's auto-registration keys: pilot makes the WorkloadEntry from this WorkloadGroup, at
      // this address, with these labels on top (tlsMode too, as other registrations get it).
      metadata.putFields("AUTO_REGISTER_GROUP", text(autoRegister.group()));
      metadata.putFields("INSTANCE_IPS", text(service.address()));
      metadata.putFields("LABELS", labels(Registrars.instance(config).labels()));
    }
    ListValue.Builder inbound = ListValue.newBuilder();
    for (PortConfig port : service.ports()) {
      inbound.addValues(
          Value.newBuilder()
              .setStructValue(
                  Struct.newBuilder()
                      .putFields("name", text(port.name()))
                      .putFields("port", number(port.port()))
                      .putFields("protocol", text(port.protocol().name()))
                      .putFields("targetPort", number(port.targetPort()))
                      .putFields("targetAddress", text(port.targetAddress()))
                      .putFields("address", text(port.address()))));
    }
    metadata.putFields("MESHBRIDGE_INBOUND", Value.newBuilder().setListValue(inbound).build());
    IdentityConfig identity = config.pilot().identity();
    if (identity != null) {
      metadata.putFields("MESHBRIDGE_CA_ADDRESS", text(identity.caAddress()));
      metadata.putFields("MESHBRIDGE_CA_ROOT_FILE", text(identity.caRootFile().toString()));
      if (identity.joinTokenFile() != null) {
        metadata.putFields(
            "MESHBRIDGE_JOIN_TOKEN_FILE", text(identity.joinTokenFile().toString()));
      }
      metadata.putFields("MESHBRIDGE_IDENTITY_DIR", text(identityDir(config).toString()));
    }
    return Node.newBuilder()
        .setId(config.proxy().nodeId())
        .setCluster(service.key().name() + "." + service.key().namespace())
        .setMetadata(metadata)
        .setLocality(
            Locality.newBuilder()
                .setRegion(service.locality().region())
                .setZone(service.locality().zone())
                .setSubZone(service.locality().subZone()))
        .build();
  }

  /** {@code <stateDir>/identity}: the workload key and certificate chain. */
  public static Path identityDir(AgentConfig config) {
    return config.stateDir().resolve("identity");
  }

  private static Cluster xdsCluster(AgentConfig config) {
    LocalityLbEndpoints.Builder endpoints = LocalityLbEndpoints.newBuilder();
    for (HostPort pilot : config.pilot().addresses()) {
      endpoints.addLbEndpoints(
          LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address(pilot))));
    }
    Cluster.Builder cluster = Cluster.newBuilder()
        .setName(XDS_CLUSTER)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(Durations.fromMillis(config.pilot().connectTimeout().toMillis()))
        .setLoadAssignment(
            ClusterLoadAssignment.newBuilder().setClusterName(XDS_CLUSTER).addEndpoints(endpoints));
    if (config.pilot().identity() != null) {
      // mTLS to pilot's secure port (proxy/README "mTLS to pilot"): the proxy presents its
      // identity provider's certificate and trusts MESHBRIDGE_CA_ROOT_FILE plus ROOTCA; it reads
      // no field of the context, so it stays empty.
      cluster.setTransportSocket(TransportSocket.newBuilder()
          .setName("envoy.transport_sockets.tls")
          .setTypedConfig(Any.pack(UpstreamTlsContext.getDefaultInstance())));
    }
    return cluster.build();
  }

  private static Address address(HostPort hp) {
    return Address.newBuilder()
        .setSocketAddress(
            SocketAddress.newBuilder().setAddress(hp.host()).setPortValue(hp.port()))
        .build();
  }

  private static Value labels(Map<String, String> labels) {
    Struct.Builder s = Struct.newBuilder();
    labels.forEach((k, v) -> s.putFields(k, text(v)));
    return Value.newBuilder().setStructValue(s).build();
  }

  private static Value text(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Value number(int n) {
    return Value.newBuilder().setNumberValue(n).build();
  }

  private AgentBootstrap() {}
}
