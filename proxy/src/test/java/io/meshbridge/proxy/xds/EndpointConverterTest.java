package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.EndpointConfig.Health;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointConverterTest {

  @Test
  void convertsWhatPilotSends() throws Exception {
    List<EndpointConfig> endpoints = EndpointConverter.convert(assignment("""
        cluster_name: outbound|8080||orders.shop.mesh
        endpoints:
        - locality: {region: eu, zone: eu-1}
          lb_endpoints:
          - endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 8080}}}
            health_status: HEALTHY
            load_balancing_weight: 3
            metadata:
              filter_metadata:
                meshbridge:
                  labels: {app: orders, meshbridge.io/registry: eureka}
                  source: eureka-prod
          - endpoint: {address: {socket_address: {address: 10.0.0.2, port_value: 8080}}}
            health_status: DRAINING
        - locality: {region: us}
          lb_endpoints:
          - endpoint: {address: {socket_address: {address: orders.vm.local, port_value: 9090}}}
            health_status: UNHEALTHY
          - endpoint: {address: {socket_address: {address: 10.0.0.4, port_value: 8080}}}
            health_status: TIMEOUT
          - endpoint: {address: {socket_address: {address: 10.0.0.5, port_value: 8080}}}
        """));

    assertThat(endpoints).containsExactly(
        new EndpointConfig("10.0.0.1", 8080, Health.HEALTHY, 3,
            Map.of("app", "orders", "meshbridge.io/registry", "eureka"), "eu/eu-1/", 0, 0),
        new EndpointConfig("10.0.0.2", 8080, Health.DRAINING, 1, Map.of(), "eu/eu-1/", 0, 0),
        new EndpointConfig("orders.vm.local", 9090, Health.UNHEALTHY, 1, Map.of(), "us//", 0, 0),
        new EndpointConfig("10.0.0.4", 8080, Health.UNHEALTHY, 1, Map.of(), "us//", 0, 0),
        new EndpointConfig("10.0.0.5", 8080, Health.UNKNOWN, 1, Map.of(), "us//", 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      degraded      | 'health_status: DEGRADED' \
        | 'endpoints[0].lb_endpoints[0].health_status: DEGRADED is not supported (supported: UNKNOWN, HEALTHY, UNHEALTHY, DRAINING, TIMEOUT)'
      zero weight   | 'load_balancing_weight: 0' \
        | 'endpoints[0].lb_endpoints[0].load_balancing_weight: 0 (expected: >= 1)'
      label number  | 'metadata: {filter_metadata: {meshbridge: {labels: {a: 1}}}}' \
        | 'endpoints[0].lb_endpoints[0].metadata.filter_metadata["meshbridge"].labels["a"]: a number value (expected: a string)'
      labels list   | 'metadata: {filter_metadata: {meshbridge: {labels: [a]}}}' \
        | 'endpoints[0].lb_endpoints[0].metadata.filter_metadata["meshbridge"].labels: a list value (expected: a struct of strings)'
      named         | 'endpoint_name: x' \
        | 'endpoints[0].lb_endpoints[0].endpoint_name: not supported (supported: endpoint, health_status, metadata, load_balancing_weight)'
      health check  | 'endpoint: {address: {socket_address: {address: a, port_value: 1}}, health_check_config: {port_value: 2}}' \
        | 'endpoints[0].lb_endpoints[0].endpoint.health_check_config: not supported (supported: address)'
      pipe          | 'endpoint: {address: {pipe: {path: /tmp/s}}}' \
        | 'endpoints[0].lb_endpoints[0].endpoint.address.pipe: not supported (supported: socket_address)'
      named port    | 'endpoint: {address: {socket_address: {address: a, named_port: http}}}' \
        | 'endpoints[0].lb_endpoints[0].endpoint.address.socket_address.named_port: not supported (supported: protocol, address, port_value)'
      no address    | 'endpoint: {}' \
        | 'endpoints[0].lb_endpoints[0].endpoint.address: missing (expected: a socket_address)'
      """)
  void rejectsWhatTheDataPlaneCannotDo(String shape, String lbEndpointField, String error) {
    String yaml = """
        cluster_name: c
        endpoints:
        - lb_endpoints:
          - {%s}
        """.formatted(lbEndpointField.startsWith("endpoint")
            ? lbEndpointField
            : "endpoint: {address: {socket_address: {address: a, port_value: 1}}}, "
                + lbEndpointField);

    assertThatThrownBy(() -> EndpointConverter.convert(assignment(yaml)))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("ClusterLoadAssignment c: " + error);
  }

  @Test
  void readsLocalityPriorityAndWeight() throws Exception {
    assertThat(EndpointConverter.convert(assignment("""
        cluster_name: c
        endpoints:
        - locality: {region: eu, zone: eu-1, sub_zone: r7}
          priority: 1
          load_balancing_weight: 30
          lb_endpoints: [{endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 80}}}}]
        """)))
        .containsExactly(
            new EndpointConfig("10.0.0.1", 80, Health.UNKNOWN, 1, Map.of(), "eu/eu-1/r7", 1, 30));
  }

  @Test
  void rejectsBadLocalityFieldsAndDropPolicies() {
    assertThatThrownBy(() -> EndpointConverter.convert(assignment("""
        cluster_name: c
        endpoints: [{load_balancing_weight: 0}]
        """)))
        .hasMessage("ClusterLoadAssignment c: endpoints[0].load_balancing_weight: 0 "
            + "(expected: 1..2147483647)");
    assertThatThrownBy(() -> EndpointConverter.convert(assignment("""
        cluster_name: c
        endpoints: [{priority: 4294967295}]
        """)))
        .hasMessage("ClusterLoadAssignment c: endpoints[0].priority: 4294967295 "
            + "(expected: 0..2147483647)");
    assertThatThrownBy(() -> EndpointConverter.convert(assignment("""
        cluster_name: c
        policy: {drop_overloads: [{category: x, drop_percentage: {numerator: 1}}]}
        """)))
        .hasMessage("ClusterLoadAssignment c: policy: not supported "
            + "(supported: cluster_name, endpoints)");
  }

  private static ClusterLoadAssignment assignment(String yaml) {
    return YamlProtos.parse(yaml, ClusterLoadAssignment.getDefaultInstance());
  }
}
