package io.meshbridge.proxy.bootstrap;

import static io.meshbridge.proxy.bootstrap.BootstrapChecker.join;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.meshbridge.proxy.xds.ProtoDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The xDS servers a bootstrap names, and how to talk to them: {@code dynamic_resources.ads_config}
 * (GRPC or DELTA_GRPC, V3, one {@code envoy_grpc} service) names a STATIC cluster in {@code static_resources}, whose endpoints are the
 * servers in failover order.
 */
record XdsServers(AdsApi api, List<HostPort> addresses, Duration connectTimeout, boolean tls) {

  static final String HTTP_OPTIONS_KEY = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  static XdsServers of(Bootstrap bootstrap, BootstrapChecker check) throws BootstrapException {
    String clusterName = adsClusterName(bootstrap, check);
    AdsApi api = api(bootstrap.getDynamicResources().getAdsConfig(), check);
    check.onlySupported(bootstrap.getStaticResources(), "static_resources", "clusters");
    List<Cluster> clusters = bootstrap.getStaticResources().getClustersList();
    int index = -1;
    for (int i = 0; i < clusters.size(); i++) {
      if (clusters.get(i).getName().equals(clusterName)) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      throw check.invalid(
          "dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name",
          "'" + clusterName + "' names no static cluster");
    }
    for (int i = 0; i < clusters.size(); i++) {
      String name = clusters.get(i).getName();
      if (i != index && name.equals(clusterName)) {
        throw check.invalid(
            "static_resources.clusters[" + i + "].name", "'" + name + "' is a duplicate");
      } else if (i != index) {
        throw check.invalid("static_resources.clusters[" + i + "]", "'" + name
            + "' is not used (expected: only the xDS cluster '" + clusterName + "')");
      }
    }
    Cluster cluster = clusters.get(index);
    String path = "static_resources.clusters[" + index + "]";
    return new XdsServers(api, addresses(cluster(cluster, check, path), check, path),
        connectTimeout(cluster, check, path), tls(cluster, check, path));
  }

  private static AdsApi api(ApiConfigSource ads, BootstrapChecker check)
      throws BootstrapException {
    return switch (ads.getApiType()) {
      case GRPC -> AdsApi.STATE_OF_THE_WORLD;
      case DELTA_GRPC -> AdsApi.DELTA;
      default -> throw check.invalid("dynamic_resources.ads_config.api_type",
          shown(ads.getApiTypeValue() == 0, ads.getApiType().name())
              + " (expected: GRPC or DELTA_GRPC)");
    };
  }

  private static String adsClusterName(Bootstrap bootstrap, BootstrapChecker check)
      throws BootstrapException {
    String path = "dynamic_resources";
    check.onlySupported(
        bootstrap.getDynamicResources(), path, "ads_config", "lds_config", "cds_config");
    adsOrAbsent(bootstrap.getDynamicResources().getLdsConfig(), check, join(path, "lds_config"));
    adsOrAbsent(bootstrap.getDynamicResources().getCdsConfig(), check, join(path, "cds_config"));
    path = join(path, "ads_config");
    if (!bootstrap.getDynamicResources().hasAdsConfig()) {
      throw check.invalid(path, "missing (expected: the ADS server's gRPC config)");
    }
    ApiConfigSource ads = bootstrap.getDynamicResources().getAdsConfig();
    check.onlySupported(ads, path, "api_type", "transport_api_version", "grpc_services");
    if (ads.getTransportApiVersion() != ApiVersion.V3) {
      throw check.invalid(join(path, "transport_api_version"), shown(
          ads.getTransportApiVersion() == ApiVersion.AUTO, ads.getTransportApiVersion().name())
          + " (expected: V3)");
    }
    if (ads.getGrpcServicesCount() != 1) {
      throw check.invalid(join(path, "grpc_services"),
          ads.getGrpcServicesCount() + " services (expected: exactly 1)");
    }
    GrpcService service = ads.getGrpcServices(0);
    path = join(path, "grpc_services[0]");
    check.onlySupported(service, path, "envoy_grpc");
    check.onlySupported(service.getEnvoyGrpc(), join(path, "envoy_grpc"), "cluster_name");
    if (service.getEnvoyGrpc().getClusterName().isEmpty()) {
      throw check.invalid(join(path, "envoy_grpc.cluster_name"), "missing (expected: a cluster)");
    }
    return service.getEnvoyGrpc().getClusterName();
  }

  private static void adsOrAbsent(ConfigSource source, BootstrapChecker check, String path)
      throws BootstrapException {
    check.onlySupported(source, path, "ads", "resource_api_version");
    if (!source.getAllFields().isEmpty() && !source.hasAds()) {
      throw check.invalid(join(path, "ads"), "missing (expected: LDS and CDS come over ADS)");
    }
  }

  /** Checks the xDS cluster's fields; returns its load assignment. */
  private static ClusterLoadAssignment cluster(Cluster cluster, BootstrapChecker check, String path)
      throws BootstrapException {
    check.onlySupported(cluster, path, "name", "type", "connect_timeout", "load_assignment",
        "typed_extension_protocol_options", "transport_socket");
    if (cluster.getType() != Cluster.DiscoveryType.STATIC) {
      throw check.invalid(join(path, "type"), cluster.getType() + " (expected: STATIC)");
    }
    for (Map.Entry<String, Any> option : cluster.getTypedExtensionProtocolOptionsMap().entrySet()) {
      http2Only(option, check, join(path, "typed_extension_protocol_options"));
    }
    return cluster.getLoadAssignment();
  }

  /**
   * Whether the xDS cluster has a TLS {@code transport_socket} (an {@code UpstreamTlsContext}: the
   * mesh context of docs/xds.md). The proxy then uses its identity certificate and trusts {@code
   * MESHBRIDGE_CA_ROOT_FILE} plus ROOTCA; the context's own fields are not read.
   */
  private static boolean tls(Cluster cluster, BootstrapChecker check, String path)
      throws BootstrapException {
    if (!cluster.hasTransportSocket()) {
      return false;
    }
    String at = join(path, "transport_socket");
    check.onlySupported(cluster.getTransportSocket(), at, "name", "typed_config");
    String type = cluster.getTransportSocket().getTypedConfig().getTypeUrl();
    if (!type.endsWith("/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext")) {
      throw check.invalid(join(at, "typed_config"), "'" + type
          + "' (expected: an envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext)");
    }
    return true;
  }

  private static Duration connectTimeout(Cluster cluster, BootstrapChecker check, String path)
      throws BootstrapException {
    if (!cluster.hasConnectTimeout()) {
      return DEFAULT_CONNECT_TIMEOUT;
    }
    com.google.protobuf.Duration value = cluster.getConnectTimeout();
    return ProtoDurations.positive(value)
        .orElseThrow(
            () ->
                check.invalid(
                    join(path, "connect_timeout"),
                    ProtoDurations.describe(value) + " (expected: a positive duration)"));
  }

  /** The xDS connection is always HTTP/2; accept the option Envoy needs to say so. */
  private static void http2Only(Map.Entry<String, Any> option, BootstrapChecker check, String path)
      throws BootstrapException {
    String at = path + "[\"" + option.getKey() + "\"]";
    if (!option.getKey().equals(HTTP_OPTIONS_KEY)) {
      throw check.invalid(at, "not supported (supported: " + HTTP_OPTIONS_KEY + ")");
    }
    try {
      HttpProtocolOptions http = option.getValue().unpack(HttpProtocolOptions.class);
      check.onlySupported(http, at, "explicit_http_config");
      check.onlySupported(http.getExplicitHttpConfig(), join(at, "explicit_http_config"),
          "http2_protocol_options");
      check.onlySupported(http.getExplicitHttpConfig().getHttp2ProtocolOptions(),
          join(at, "explicit_http_config.http2_protocol_options"));
    } catch (InvalidProtocolBufferException e) {
      throw check.invalid(at, "not an HttpProtocolOptions: " + e.getMessage());
    }
  }

  private static List<HostPort> addresses(
      ClusterLoadAssignment assignment, BootstrapChecker check, String path)
      throws BootstrapException {
    path = join(path, "load_assignment");
    check.onlySupported(assignment, path, "cluster_name", "endpoints");
    List<HostPort> addresses = new ArrayList<>();
    for (int i = 0; i < assignment.getEndpointsCount(); i++) {
      LocalityLbEndpoints locality = assignment.getEndpoints(i);
      String at = path + ".endpoints[" + i + "]";
      check.onlySupported(locality, at, "lb_endpoints");
      for (int j = 0; j < locality.getLbEndpointsCount(); j++) {
        String lb = at + ".lb_endpoints[" + j + "]";
        check.onlySupported(locality.getLbEndpoints(j), lb, "endpoint");
        check.onlySupported(locality.getLbEndpoints(j).getEndpoint(), lb + ".endpoint", "address");
        addresses.add(BootstrapValidator.socketAddress(
            locality.getLbEndpoints(j).getEndpoint().getAddress(), 1, check,
            lb + ".endpoint.address"));
      }
    }
    if (addresses.isEmpty()) {
      throw check.invalid(
          join(path, "endpoints"), "no socket address (expected: the xDS servers' addresses)");
    }
    return addresses;
  }

  private static String shown(boolean missing, String value) {
    return missing ? "missing" : value;
  }
}
