package io.meshbridge.pilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ServiceEntry, WorkloadEntry and WorkloadGroup documents: what is read, what is rejected. */
class ServiceEntryParserTest {

  static final String EXTERNAL =
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: shop}
      spec:
        hosts: [API.example.com, www.example.com]
        addresses: [192.0.2.10, 10.1.0.0/16]
        location: MESH_EXTERNAL
        resolution: STATIC
        exportTo: ["*"]
        ports:
        - {number: 80, name: http, protocol: HTTP, targetPort: 8080}
        - {number: 443, name: https, protocol: HTTPS}
        endpoints:
        - address: 192.0.2.1
          ports: {http: 9080}
          labels: {version: v1}
          locality: us-east/us-east-1a
          weight: 3
        - {address: "2001:db8::1", network: net-1, serviceAccount: ext-sa}
      """;

  private static Rejection rejectionOf(String yaml) {
    PolicyParser.Result result = PolicyParser.parse("se.yaml", yaml);
    assertThat(result.resources()).isEmpty();
    assertThat(result.rejections()).hasSize(1);
    return result.rejections().get(0);
  }

  @Test
  void readsAStaticServiceEntry() {
    PolicyParser.Result result = PolicyParser.parse("se.yaml", EXTERNAL);
    assertThat(result.rejections()).isEmpty();
    ServiceEntry se = (ServiceEntry) result.resources().get(0);
    assertThat(se.describe()).isEqualTo("ServiceEntry shop/ext");
    assertThat(se.hosts()).containsExactly("api.example.com", "www.example.com");
    assertThat(se.addresses()).containsExactly("192.0.2.10", "10.1.0.0/16");
    assertThat(se.ports())
        .containsExactly(
            new ServiceEntry.Port("http", 80, Protocol.HTTP, 8080),
            new ServiceEntry.Port("https", 443, Protocol.TLS, 0));
    assertThat(se.resolution()).isEqualTo(ServiceEntry.Resolution.STATIC);
    assertThat(se.location()).isEqualTo(ServiceEntry.Location.MESH_EXTERNAL);
    assertThat(se.workloadSelector()).isNull();
    assertThat(se.endpoints())
        .containsExactly(
            new Workload(
                "192.0.2.1", Map.of("http", 9080), Map.of("version", "v1"),
                new Locality("us-east", "us-east-1a", ""), 3, "", ""),
            new Workload("2001:db8::1", Map.of(), Map.of(), Locality.UNKNOWN, 1, "ext-sa", "net-1"));
    assertThat(se.source()).isEqualTo("se.yaml#1");
  }

  @Test
  void readsWorkloadEntriesAndGroupsInEveryServedVersion() {
    String yaml =
        """
        apiVersion: networking.istio.io/v1alpha3
        kind: WorkloadEntry
        metadata: {name: vm-1, namespace: shop}
        spec:
          address: vm-1.shop.internal
          ports: {http: 8080}
          labels: {app: orders}
          locality: eu-west/eu-west-1b/rack-2
          serviceAccount: orders
          network: vpc-1
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: WorkloadGroup
        metadata: {name: orders, namespace: shop}
        spec:
          metadata: {labels: {app: orders}, annotations: {team: a}}
          template: {ports: {http: 8080}, serviceAccount: orders}
          probe: {periodSeconds: 5, httpGet: {path: /ready, port: 8080}}
        """;
    PolicyParser.Result result = PolicyParser.parse("vm.yaml", yaml);
    assertThat(result.rejections()).isEmpty();
    WorkloadEntry we = (WorkloadEntry) result.resources().get(0);
    assertThat(we.workload())
        .isEqualTo(
            new Workload(
                "vm-1.shop.internal", Map.of("http", 8080), Map.of("app", "orders"),
                new Locality("eu-west", "eu-west-1b", "rack-2"), 1, "orders", "vpc-1"));
    WorkloadGroup wg = (WorkloadGroup) result.resources().get(1);
    assertThat(wg.labels()).isEqualTo(Map.of("app", "orders"));
    assertThat(wg.template().ports()).isEqualTo(Map.of("http", 8080));
    assertThat(wg.probe())
        .isEqualTo(new WorkloadGroup.Probe("httpGet", 8080, "/ready", List.of(), 0, 0, 5, 0, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "resolution: STATIC|resolution: NONE|spec.resolution: NONE is not supported: it forwards"
            + " to the original destination address, which needs traffic capture (expected: STATIC"
            + " or DNS)",
        "  resolution: STATIC\\n|  # no resolution\\n|spec.resolution: NONE (Istio's default) is not supported: it"
            + " forwards to the original destination address, which needs traffic capture"
            + " (expected: STATIC or DNS)",
        "exportTo: [\"*\"]|exportTo: [\".\", billing]|spec.exportTo[1]: 'billing': exporting to"
            + " named namespaces is not supported (expected: * or .)",
        "address: 192.0.2.1|address: api.internal|spec.endpoints[0].address: 'api.internal'"
            + " (expected: an IP address with resolution STATIC)",
        "ports: {http: 9080}|ports: {grpc: 9080}|spec.endpoints[0].ports.grpc: not a port name"
            + " of spec.ports [http, https]",
        "weight: 3|weight: 1001|spec.endpoints[0].weight: 1001 (expected: 0..1000)",
        "locality: us-east/us-east-1a|locality: a/b/c/d|spec.endpoints[0].locality: 'a/b/c/d'"
            + " (expected: region[/zone[/subzone]])",
        "protocol: HTTPS|protocol: MONGO|spec.ports[1].protocol: 'MONGO' (expected: HTTP, HTTP2,"
            + " GRPC, HTTPS, TLS or TCP)",
        "10.1.0.0/16|10.1.0.0/33|spec.addresses[1]: '10.1.0.0/33' (expected: an IP address or"
            + " CIDR block, e.g. 10.0.0.0/16)",
        "www.example.com]|'*.example.com']|spec.hosts[1]: '*.example.com': wildcard hosts are"
            + " not supported",
        "location: MESH_EXTERNAL|location: OUTSIDE|spec.location: 'OUTSIDE' (expected:"
            + " MESH_EXTERNAL or MESH_INTERNAL)",
        "exportTo: [\"*\"]|subjectAltNames: [a]|spec.subjectAltNames: not supported",
        "exportTo: [\"*\"]|workloadSelector: {labels: {app: x}}|spec.workloadSelector: cannot be"
            + " used together with spec.endpoints (expected: one of them)",
      })
  void rejectsNamingKindNameAndField(String from, String to, String reason) {
    String yaml = EXTERNAL.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertThat(yaml).isNotEqualTo(EXTERNAL);
    assertThat(rejectionOf(yaml).toString())
        .isEqualTo("ServiceEntry shop/ext: " + reason + " (se.yaml#1)");
  }

  @Test
  void rejectsBadWorkloadFieldsByPath() {
    String yaml =
        """
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: vm-1, namespace: shop}
        spec: {address: "not an address"}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadGroup
        metadata: {name: g}
        spec: {template: {address: 10.0.0.1}}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadGroup
        metadata: {name: h}
        spec: {template: {}, probe: {tcpSocket: {port: 1}, exec: {command: [x]}}}
        """;
    assertThat(PolicyParser.parse("vm.yaml", yaml).rejections())
        .extracting(Rejection::toString)
        .containsExactly(
            "WorkloadEntry shop/vm-1: spec.address: 'not an address' (expected: an IP address or"
                + " a DNS name) (vm.yaml#1)",
            "WorkloadGroup default/g: spec.template.address: not supported in a template (each"
                + " workload has its own) (vm.yaml#2)",
            "WorkloadGroup default/h: spec.probe.exec: cannot be used with tcpSocket (expected:"
                + " exactly one) (vm.yaml#3)");
  }
}
