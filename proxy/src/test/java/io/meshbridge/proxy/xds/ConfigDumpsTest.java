package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.listener;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.rbac.v3.RBAC.Action;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDumpsTest {

  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void dumpsEachTypeLikeEnvoyPlusTheLastNacks() throws Exception {
    Listener listener = listener("l1", 80, "r1");
    TypeDump listeners = new TypeDump(ResourceType.LDS, "4",
        List.of(new Accepted<>("l1", listener, "unused", "3", T)),
        Map.of(), new Nack("5", "9", T, "Listener l2: address: missing"));

    JsonNode dump = new ObjectMapper().readTree(ConfigDumps.toJson(List.of(listeners)));

    JsonNode lds = dump.get("configs").get(0);
    assertThat(lds.get("@type").asText())
        .isEqualTo("type.googleapis.com/envoy.admin.v3.ListenersConfigDump");
    assertThat(lds.get("version_info").asText()).isEqualTo("4");
    JsonNode l1 = lds.get("dynamic_listeners").get(0);
    assertThat(l1.get("name").asText()).isEqualTo("l1");
    assertThat(l1.get("client_status").asText()).isEqualTo("ACKED");
    assertThat(l1.get("active_state").get("version_info").asText()).isEqualTo("3");
    assertThat(l1.get("active_state").get("last_updated").asText())
        .isEqualTo("2026-05-01T10:00:00Z");
    assertThat(l1.get("active_state").get("listener").get("filter_chains").get(0).get("filters")
        .get(0).get("typed_config").get("stat_prefix").asText()).isEqualTo("outbound_80");
    JsonNode nack = dump.get("configs").get(1).get("value").get("last_nacks").get("lds");
    assertThat(nack.get("version_info").asText()).isEqualTo("5");
    assertThat(nack.get("nonce").asText()).isEqualTo("9");
    assertThat(nack.get("time").asText()).isEqualTo("2026-05-01T10:00:00Z");
    assertThat(nack.get("message").asText()).isEqualTo("Listener l2: address: missing");
  }

  @Test
  void showsAResourceHoldingAnUnknownTypeAsNotShownInsteadOfFailing() throws Exception {
    Listener listener =
        withOptionalFilter(
            listener("l1", 80, "r1"),
            Any.newBuilder().setTypeUrl("type.googleapis.com/example.v1.Unknown").build());
    TypeDump listeners = new TypeDump(ResourceType.LDS, "1",
        List.of(new Accepted<>("l1", listener, "unused", "1", T)), Map.of(), null);

    JsonNode dump = new ObjectMapper().readTree(ConfigDumps.toJson(List.of(listeners)));

    JsonNode shown = dump.get("configs").get(0).get("dynamic_listeners").get(0)
        .get("active_state").get("listener");
    assertThat(shown.get("@type").asText()).isEqualTo("type.googleapis.com/google.protobuf.Struct");
    assertThat(shown.get("value").get("name").asText()).isEqualTo("l1");
    assertThat(shown.get("value").get("not_shown").asText())
        .contains("example.v1.Unknown");
  }

  @Test
  void dumpsTheTypedConfigsTheProxyAcceptsInFull() throws Exception {
    Listener listener =
        withOptionalFilter(listener("l1", 80, "r1"), Any.pack(Cors.getDefaultInstance()));
    RouteAction retrying = RouteAction.newBuilder().setCluster("c")
        .setRetryPolicy(RetryPolicy.newBuilder().setRetryOn("5xx").addRetryHostPredicate(
            RetryPolicy.RetryHostPredicate.newBuilder()
                .setName("envoy.retry_host_predicates.previous_hosts")
                .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance()))))
        .build();
    RouteConfiguration routes = RouteConfiguration.newBuilder().setName("r1")
        .addVirtualHosts(VirtualHost.newBuilder().setName("v").addDomains("*")
            .addRoutes(Route.newBuilder().setRoute(retrying)))
        .build();

    String json = ConfigDumps.toJson(List.of(
        new TypeDump(ResourceType.LDS, "1",
            List.of(new Accepted<>("l1", listener, "unused", "1", T)), Map.of(), null),
        new TypeDump(ResourceType.RDS, "1",
            List.of(new Accepted<>("r1", routes, "unused", "1", T)), Map.of(), null)));

    assertThat(json)
        .doesNotContain("not_shown")
        .contains("envoy.extensions.filters.http.cors.v3.Cors")
        .contains("\"retry_policy\"")
        .contains("envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate");
  }

  @Test
  void dumpsInboundListenersWithTlsInspectorAndRbacInFull() throws Exception {
    Listener listener = withOptionalFilter(listener("inbound_127.0.0.1_80", 80, "r1"),
        Any.pack(RBAC.newBuilder().setRules(io.envoyproxy.envoy.config.rbac.v3.RBAC.newBuilder().setAction(Action.DENY))
            .build()))
        .toBuilder()
        .addListenerFilters(ListenerFilter.newBuilder()
            .setName("envoy.filters.listener.tls_inspector")
            .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())))
        .build();

    String json = ConfigDumps.toJson(List.of(new TypeDump(ResourceType.LDS, "1",
        List.of(new Accepted<>("inbound_127.0.0.1_80", listener, "unused", "1", T)), Map.of(),
        null)));

    assertThat(json)
        .doesNotContain("not_shown")
        .contains("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector")
        .contains("envoy.extensions.filters.http.rbac.v3.RBAC");
  }

  private static Listener withOptionalFilter(Listener listener, Any config)
      throws InvalidProtocolBufferException {
    Filter filter = listener.getFilterChains(0).getFilters(0);
    HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class)
        .toBuilder()
        .addHttpFilters(0, HttpFilter.newBuilder().setName("envoy.filters.http.cors")
            .setIsOptional(true).setTypedConfig(config))
        .build();
    return listener.toBuilder().setFilterChains(0, listener.getFilterChains(0).toBuilder()
        .setFilters(0, filter.toBuilder().setTypedConfig(Any.pack(hcm)))).build();
  }
}
