package io.meshbridge.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.agent.config.HealthCheckConfig.Http;
import io.meshbridge.agent.config.RegistrationConfig.Type;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {

  private static final String MINIMAL = """
      pilot:
        addresses: [127.0.0.1:15010]
      service:
        name: orders
        address: 10.0.0.7
        instanceId: vm1
        ports:
          - {port: 8080, protocol: HTTP, targetPort: 18080}
      """;

  @Test
  void minimalConfigGetsTheDocumentedDefaults() {
    AgentConfig c = AgentConfigLoader.parse("agent.yaml", MINIMAL);
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/meshbridge"));
    assertThat(c.pilot().addresses()).containsExactly(new HostPort("127.0.0.1", 15010));
    assertThat(c.pilot().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.pilot().identity()).isNull();
    assertThat(c.service().key()).isEqualTo(ServiceKey.of("default", "orders"));
    assertThat(c.service().serviceAccount()).isEqualTo("default");
    assertThat(c.service().ports()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("http-8080");
      assertThat(p.protocol()).isEqualTo(Protocol.HTTP);
      assertThat(p.targetAddress()).isEqualTo("127.0.0.1");
      assertThat(p.address()).isEqualTo("0.0.0.0");
    });
    assertThat(c.proxy().nodeId()).isEqualTo("orders-vm1.default");
    assertThat(c.proxy().bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.proxy().adminAddress()).isEqualTo(new HostPort("127.0.0.1", 15000));
    assertThat(c.proxy().bootFromLastConfig()).isTrue();
    assertThat(c.healthCheck()).isNull();
    assertThat(c.registration().type()).isEqualTo(Type.NONE);
    assertThat(c.dns()).isNull();
    assertThat(c.drainGracePeriod()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void fullConfig() {
    AgentConfig c = AgentConfigLoader.parse("agent.yaml", """
        stateDir: /tmp/state
        drainGracePeriod: 20s
        pilot:
          addresses: [pilot-a:15010, "[::1]:15010"]
          ca: {address: pilot-a:15012, rootFile: /etc/meshbridge/root-cert.pem,
               joinTokenFile: /etc/meshbridge/join-token}
        proxy: {bindAddress: 127.0.0.2, adminAddress: 127.0.0.1:0, bootFromLastConfig: false}
        service:
          name: orders
          namespace: shop
          serviceAccount: orders-sa
          instanceId: vm1
          address: 10.0.0.7
          labels: {version: v2}
          locality: {region: eu, zone: eu-1}
          ports: [{name: web, port: 8080, protocol: http, targetPort: 18080}]
        healthCheck:
          http: {path: /healthz}
          interval: 500ms
          timeout: 200ms
          healthyThreshold: 2
          unhealthyThreshold: 2
        registration:
          type: eureka
          eureka: {serviceUrls: ["http://127.0.0.1:8761/eureka/"], renewalInterval: 5s, leaseDuration: 15s}
        upstreams:
          - {name: payments, port: 9090}
          - {name: users, namespace: iam, port: 8080}
        dns: {listen: 127.0.0.1:5353, forwardTo: [127.0.0.1:53]}
        """);
    assertThat(c.pilot().addresses()).containsExactly(
        new HostPort("pilot-a", 15010), new HostPort("::1", 15010));
    assertThat(c.pilot().identity().joinTokenFile()).isEqualTo(Path.of("/etc/meshbridge/join-token"));
    assertThat(c.healthCheck().probe()).isEqualTo(new Http("127.0.0.1", 18080, "/healthz"));
    assertThat(c.healthCheck().interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.registration().eureka().leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.upstreams()).containsExactly(
        new Upstream(ServiceKey.of("shop", "payments"), 9090),
        new Upstream(ServiceKey.of("iam", "users"), 8080));
    assertThat(c.service().labels()).isEqualTo(Map.of("version", "v2"));
    assertThat(c.dns().listen()).isEqualTo(new HostPort("127.0.0.1", 5353));
    assertThat(c.drainGracePeriod()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.proxy().bootFromLastConfig()).isFalse();
  }

  @Test
  void anUnknownKeyIsNamedWithItsPath() {
    assertError(MINIMAL.replace("instanceId: vm1", "instanceId: vm1\n  colour: red"),
        "agent.yaml: service.colour: unknown field");
    assertError(MINIMAL + "bogus: 1\n", "agent.yaml: bogus: unknown field");
  }

  @Test
  void aMissingPortIsNamed() {
    assertError(MINIMAL.replace("{port: 8080, protocol: HTTP, targetPort: 18080}",
        "{protocol: HTTP, targetPort: 18080}"), "service.ports[0].port: missing");
    assertError(MINIMAL.replace("targetPort: 18080", "targetPort: 70000"),
        "service.ports[0].targetPort: 70000 (expected: 1..65535)");
    assertError("""
        pilot: {addresses: [127.0.0.1:15010]}
        service: {name: orders, address: 10.0.0.7}
        """, "service.ports: missing");
  }

  @Test
  void badValuesAreNamed() {
    assertError(MINIMAL.replace("HTTP,", "SMTP,"),
        "service.ports[0].protocol: 'SMTP' (expected one of: HTTP, HTTP2, GRPC, TCP)");
    assertError(MINIMAL.replace("HTTP,", "TLS,"), "service.ports[0].protocol: 'TLS'");
    assertError(MINIMAL.replace("127.0.0.1:15010", "pilot"), "pilot.addresses[0]: 'pilot'");
    assertError(MINIMAL.replace("name: orders", "name: Orders"), "service.name: 'Orders'");
    assertError(MINIMAL + "drainGracePeriod: soon\n", "drainGracePeriod: 'soon'");
    assertError(MINIMAL + "registration: {type: etcd}\n", "registration.type: 'etcd'");
    assertError(MINIMAL + "registration: {type: consul, eureka: {serviceUrls: [x]}}\n",
        "registration.eureka: set, but type is consul");
    assertError(MINIMAL + "registration: {type: consul, consul: {ttl: 1s}}\n",
        "registration.consul.ttl: 1s (expected: at least 3s)");
    assertError(MINIMAL + "healthCheck: {tcp: {}, command: [true]}\n",
        "healthCheck: 2 probes (expected: exactly one of http, tcp, command)");
    assertError(MINIMAL + "pilot2: {}\n", "pilot2: unknown field");
    assertError("", "agent.yaml: empty");
  }

  @Test
  void captureDefaultsAndChecks() {
    String withUpstream = MINIMAL + "upstreams: [{name: payments, port: 9090}]\n";
    CaptureConfig capture =
        AgentConfigLoader.parse("a", withUpstream + "capture: {excludePorts: [2222]}\n").capture();
    assertThat(capture.excludePorts()).containsExactly(2222);
    assertThat(capture.excludeUids()).as("the agent's own uid").hasSize(1);
    assertThat(AgentConfigLoader.parse("a", withUpstream + "capture: {enabled: false}\n").capture())
        .isNull();
    assertError(MINIMAL + "capture: {}\n", "capture: no upstreams");
    assertError(withUpstream + "proxy: {bindAddress: 127.0.0.2}\ncapture: {}\n",
        "capture: needs proxy.bindAddress 127.0.0.1");
    assertError(withUpstream + "capture: {excludePorts: [0]}\n",
        "capture.excludePorts[0]: 0 (expected: 1..65535)");
    assertThat(capture.mode()).isEqualTo(CaptureConfig.Mode.REDIRECT);
  }

  @Test
  void tproxyCaptureNeedsNeitherUpstreamsNorTheLoopbackBindAddress() {
    CaptureConfig capture = AgentConfigLoader.parse("a", MINIMAL
        + "proxy: {bindAddress: 127.0.0.2}\ncapture: {mode: tproxy, excludeUids: [0]}\n")
        .capture();
    assertThat(capture).isEqualTo(
        new CaptureConfig(List.of(), List.of(0), CaptureConfig.Mode.TPROXY));
    assertError(MINIMAL + "capture: {mode: TPROXY}\n",
        "capture.mode: 'TPROXY' (expected: redirect or tproxy)");
  }

  @Test
  void registrationNeedsExactlyOnePort() {
    String twoPorts = MINIMAL.replace("- {port: 8080, protocol: HTTP, targetPort: 18080}",
        "- {port: 8080, protocol: HTTP, targetPort: 18080}\n    - {port: 9090, protocol: TCP, targetPort: 19090}");
    assertThat(AgentConfigLoader.parse("a", twoPorts).service().ports()).hasSize(2);
    assertError(twoPorts + "registration: {type: zookeeper, zookeeper: {connectString: 'z:2181'}}\n",
        "registration.type: zookeeper registers one port, and service.ports has 2");
  }

  @Test
  void pilotRegistrationNeedsAGroupAndTheMtlsPort() {
    String withCa = MINIMAL.replace("  addresses: [127.0.0.1:15010]\n",
        "  addresses: [127.0.0.1:15010]\n  ca: {address: '127.0.0.1:15012', rootFile: /r.pem}\n");
    AgentConfig c = AgentConfigLoader.parse("a",
        withCa + "registration: {type: pilot, pilot: {group: orders}}\n");
    assertThat(c.registration().type()).isEqualTo(Type.PILOT);
    assertThat(c.registration().pilot().group()).isEqualTo("orders");
    assertError(withCa + "registration: {type: pilot}\n",
        "registration.pilot: missing (expected: a mapping with group");
    assertError(withCa + "registration: {type: pilot, pilot: {}}\n",
        "registration.pilot.group: missing (expected: the WorkloadGroup to register from");
    assertError(withCa + "registration: {type: pilot, pilot: {group: Orders_1}}\n",
        "registration.pilot.group: 'Orders_1' (expected: a WorkloadGroup name");
    assertError(MINIMAL + "registration: {type: pilot, pilot: {group: orders}}\n",
        "registration.type: pilot needs pilot.ca");
  }

  private static void assertError(String yaml, String message) {
    assertThatThrownBy(() -> AgentConfigLoader.parse("agent.yaml", yaml))
        .isInstanceOf(AgentConfigException.class)
        .hasMessageContaining(message);
  }
}
