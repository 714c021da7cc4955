package io.meshbridge.proxy.xds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.xds.type.v3.TypedStruct;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.echo.v3.Echo;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test resources written as YAML, the way they read in Envoy's docs. */
final class YamlProtos {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(HttpConnectionManager.getDescriptor())
      .add(Router.getDescriptor())
      .add(HTTPFault.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
          .getDescriptor())
      .add(Cors.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy.getDescriptor())
      .add(TcpProxy.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst
          .getDescriptor())
      .add(io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate
          .getDescriptor())
      .add(io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3
          .PreviousPrioritiesConfig.getDescriptor())
      .add(TlsInspector.getDescriptor())
      .add(Echo.getDescriptor())
      .add(HttpProtocolOptions.getDescriptor())
      .add(TypedStruct.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
          .getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
          .getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer
          .getDescriptor())
      .build();

  private YamlProtos() {}

  /**
   * The only route of RouteConfiguration {@code r}, virtual host {@code v}, converted; {@code
   * route} is the route's fields as YAML lines (indented by 2 for nesting).
   */
  static io.meshbridge.proxy.config.RouteEntry convertOneRoute(String route)
      throws InvalidResourceException {
    String entry = route.strip().replace("\n", "\n    ");
    RouteConfiguration routes = parse("""
        name: r
        virtual_hosts:
        - name: v
          domains: [a]
          routes:
          - %s
        """.formatted(entry), RouteConfiguration.getDefaultInstance());
    return RouteConverter.convert(routes).virtualHosts().get(0).routes().get(0);
  }

  @SuppressWarnings("unchecked")
  static <T extends Message> T parse(String yaml, T prototype) {
    try {
      String json = JSON.writeValueAsString(YAML.readTree(yaml));
      Message.Builder builder = prototype.newBuilderForType();
      JsonFormat.parser().usingTypeRegistry(TYPES).merge(json, builder);
      return (T) builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse test resource:\n" + yaml, e);
    }
  }
}
