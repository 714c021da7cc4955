package io.meshbridge.proxy.xds;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import io.envoyproxy.envoy.admin.v3.SecretsConfigDump;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.admin.v3.ClientResourceStatus;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump.DynamicCluster;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump.DynamicEndpointConfig;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump.DynamicListener;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump.DynamicListenerState;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump.DynamicRouteConfig;
import io.envoyproxy.envoy.admin.v3.UpdateFailureState;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import java.time.Instant;
import java.util.HashMap;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Renders the client's state like Envoy's {@code /config_dump}: a {@code ConfigDump} whose configs
 * are a {@code ClustersConfigDump}, {@code EndpointsConfigDump}, {@code ListenersConfigDump} and
 * {@code RoutesConfigDump} (each resource with its version, last-updated time, and {@code
 * error_state} if its last update was rejected), then a {@code google.protobuf.Struct} {@code
 * {"last_nacks": {"<lds|rds|cds|eds>": {version_info, nonce, time, message}}}}.
 */
final class ConfigDumps {

  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(List.of(ConfigDump.getDescriptor(), Listener.getDescriptor(), Cluster.getDescriptor(),
          RouteConfiguration.getDescriptor(), ClusterLoadAssignment.getDescriptor(),
          HttpConnectionManager.getDescriptor(), Router.getDescriptor(), Struct.getDescriptor()))
      // the typed configs the proxy accepts inside those resources, or their dump fails
      .add(List.of(HTTPFault.getDescriptor(), LocalRateLimit.getDescriptor(),
          Cors.getDescriptor(), CorsPolicy.getDescriptor(), TcpProxy.getDescriptor(),
          PreviousHostsPredicate.getDescriptor(), TypedStruct.getDescriptor()))
      .add(List.of(DownstreamTlsContext.getDescriptor(), UpstreamTlsContext.getDescriptor(),
          RawBuffer.getDescriptor(), Secret.getDescriptor(), SecretsConfigDump.getDescriptor()))
      .add(io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3
          .PreviousPrioritiesConfig.getDescriptor())
      .add(List.of(TlsInspector.getDescriptor(),
          io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor(),
          io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor(),
          HttpProtocolOptions.getDescriptor()))
      .add(io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst
          .getDescriptor())
      .build();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames();

  private ConfigDumps() {}

  static String toJson(List<TypeDump> types) {
    ConfigDump.Builder dump = ConfigDump.newBuilder();
    Struct.Builder nacks = Struct.newBuilder();
    for (TypeDump type : types) {
      dump.addConfigs(Any.pack(typeDump(type)));
      Nack nack = type.lastNack();
      if (nack != null) {
        Struct fields = struct(Map.of("version_info", nack.version(), "nonce", nack.nonce(),
            "time", nack.time().toString(), "message", nack.message()));
        nacks.putFields(type.type().label(), Value.newBuilder().setStructValue(fields).build());
      }
    }
    dump.addConfigs(Any.pack(Struct.newBuilder()
        .putFields("last_nacks", Value.newBuilder().setStructValue(nacks).build())
        .build()));
    try {
      return PRINTER.print(dump);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print the config dump", e);
    }
  }

  private static Message typeDump(TypeDump type) {
    Map<String, Accepted<?>> accepted = new HashMap<>();
    type.accepted().forEach(a -> accepted.put(a.name(), a));
    TreeSet<String> names = new TreeSet<>(accepted.keySet());
    names.addAll(type.rejected().keySet());
    Function<String, Entry> entry = name -> new Entry(name, accepted.get(name),
        type.rejected().get(name));
    if (type.type() == ResourceType.LDS) {
      ListenersConfigDump.Builder dump = ListenersConfigDump.newBuilder()
          .setVersionInfo(type.version());
      names.forEach(name -> dump.addDynamicListeners(entry.apply(name).listener()));
      return dump.build();
    } else if (type.type() == ResourceType.CDS) {
      ClustersConfigDump.Builder dump = ClustersConfigDump.newBuilder()
          .setVersionInfo(type.version());
      names.forEach(name -> dump.addDynamicActiveClusters(entry.apply(name).cluster()));
      return dump.build();
    } else if (type.type() == ResourceType.SDS) {
      SecretsConfigDump.Builder dump = SecretsConfigDump.newBuilder();
      names.forEach(name -> dump.addDynamicActiveSecrets(entry.apply(name).secret()));
      return dump.build();
    } else if (type.type() == ResourceType.RDS) {
      RoutesConfigDump.Builder dump = RoutesConfigDump.newBuilder();
      names.forEach(name -> dump.addDynamicRouteConfigs(entry.apply(name).route()));
      return dump.build();
    }
    EndpointsConfigDump.Builder dump = EndpointsConfigDump.newBuilder();
    names.forEach(name -> dump.addDynamicEndpointConfigs(entry.apply(name).endpoints()));
    return dump.build();
  }

  /** One resource's accepted version and last rejection, either of which may be missing. */
  private record Entry(String name, @Nullable Accepted<?> accepted, @Nullable Rejection rejection) {

    DynamicListener listener() {
      DynamicListener.Builder b = DynamicListener.newBuilder()
          .setName(name)
          .setClientStatus(status());
      if (accepted != null) {
        b.setActiveState(DynamicListenerState.newBuilder().setVersionInfo(accepted.version())
            .setListener(printable(name, accepted.resource()))
            .setLastUpdated(timestamp(accepted.updated())));
      }
      return rejection == null ? b.build() : b.setErrorState(errorState()).build();
    }

    DynamicCluster cluster() {
      DynamicCluster.Builder b = DynamicCluster.newBuilder().setClientStatus(status());
      if (accepted != null) {
        b.setVersionInfo(accepted.version()).setCluster(printable(name, accepted.resource()))
            .setLastUpdated(timestamp(accepted.updated()));
      }
      return rejection == null ? b.build() : b.setErrorState(errorState()).build();
    }

    DynamicRouteConfig route() {
      DynamicRouteConfig.Builder b = DynamicRouteConfig.newBuilder().setClientStatus(status());
      if (accepted != null) {
        b.setVersionInfo(accepted.version()).setRouteConfig(printable(name, accepted.resource()))
            .setLastUpdated(timestamp(accepted.updated()));
      }
      return rejection == null ? b.build() : b.setErrorState(errorState()).build();
    }

    /** The secret with its key material redacted, as Envoy's config dump shows it. */
    SecretsConfigDump.DynamicSecret secret() {
      SecretsConfigDump.DynamicSecret.Builder b = SecretsConfigDump.DynamicSecret.newBuilder()
          .setName(name);
      if (accepted != null) {
        Secret.Builder redacted = ((Secret) accepted.resource()).toBuilder();
        if (redacted.hasTlsCertificate()) {
          redacted.getTlsCertificateBuilder().setPrivateKey(
              io.envoyproxy.envoy.config.core.v3.DataSource.newBuilder()
                  .setInlineString("[redacted]"));
        }
        b.setVersionInfo(accepted.version()).setSecret(Any.pack(redacted.build()))
            .setLastUpdated(timestamp(accepted.updated()));
      }
      return b.build();
    }

    DynamicEndpointConfig endpoints() {
      DynamicEndpointConfig.Builder b = DynamicEndpointConfig.newBuilder()
          .setClientStatus(status());
      if (accepted != null) {
        b.setVersionInfo(accepted.version())
            .setEndpointConfig(printable(name, accepted.resource()))
            .setLastUpdated(timestamp(accepted.updated()));
      }
      return rejection == null ? b.build() : b.setErrorState(errorState()).build();
    }

    private ClientResourceStatus status() {
      return rejection != null ? ClientResourceStatus.NACKED : ClientResourceStatus.ACKED;
    }

    private UpdateFailureState errorState() {
      UpdateFailureState.Builder state = UpdateFailureState.newBuilder()
          .setVersionInfo(rejection.version())
          .setLastUpdateAttempt(timestamp(rejection.time()))
          .setDetails(rejection.details());
      if (rejection.resource() != null) {
        state.setFailedConfiguration(printable(name, rejection.resource()));
      }
      return state.build();
    }
  }

  /**
   * The resource as an {@code Any}; or, when it holds an {@code Any} of a type this proxy does not
   * know (e.g. in a skipped optional filter), a Struct that says so, since JSON cannot show it.
   */
  private static Any printable(String name, Message resource) {
    try {
      PRINTER.print(resource);
      return Any.pack(resource);
    } catch (InvalidProtocolBufferException e) {
      return Any.pack(struct(Map.of("name", name, "not_shown", e.getMessage())));
    }
  }

  private static Struct struct(Map<String, String> fields) {
    Struct.Builder struct = Struct.newBuilder();
    new TreeMap<>(fields).forEach((key, value) ->
        struct.putFields(key, Value.newBuilder().setStringValue(value).build()));
    return struct.build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
