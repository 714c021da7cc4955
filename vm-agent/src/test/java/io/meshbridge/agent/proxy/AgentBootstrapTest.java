package io.meshbridge.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.config.AgentConfigLoader;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import org.junit.jupiter.api.Test;

class AgentBootstrapTest {

  private static final AgentConfig CONFIG = AgentConfigLoader.parse("agent.yaml", """
      stateDir: /var/lib/meshbridge
      pilot:
        addresses: [10.0.0.1:15010, 10.0.0.2:15010]
        ca: {address: pilot:15012, rootFile: /etc/meshbridge/root-cert.pem,
             joinTokenFile: /etc/meshbridge/join-token}
      proxy: {bindAddress: 127.0.0.2}
      service:
        name: orders
        namespace: shop
        serviceAccount: orders-sa
        instanceId: vm1
        address: 10.0.0.7
        labels: {version: v2}
        ports: [{name: http, port: 8080, protocol: HTTP, targetPort: 18080}]
      """);

  @Test
  void theProxyLoadsItWithDeltaAdsAndPilotsInOrder() throws Exception {
    ProxyBootstrap loaded = BootstrapLoader.parse("bootstrap.json",
        AgentBootstrap.json(AgentBootstrap.of(CONFIG)));
    assertThat(loaded.adsApi()).isEqualTo(AdsApi.DELTA);
    assertThat(loaded.xdsServers()).containsExactly(
        new HostPort("10.0.0.1", 15010), new HostPort("10.0.0.2", 15010));
    assertThat(loaded.node().getId()).isEqualTo("orders-vm1.shop");
    assertThat(loaded.adminAddress()).isEqualTo(new HostPort("127.0.0.1", 15000));
  }

  @Test
  void nodeMetadataFollowsDocsXds() {
    Node node = AgentBootstrap.node(CONFIG);
    Struct m = node.getMetadata();
    assertThat(m.getFieldsOrThrow("MESHBRIDGE_BIND_ADDRESS").getStringValue()).isEqualTo("127.0.0.2");
    assertThat(m.getFieldsOrThrow("NAMESPACE").getStringValue()).isEqualTo("shop");
    assertThat(m.getFieldsOrThrow("SERVICE_ACCOUNT").getStringValue()).isEqualTo("orders-sa");
    assertThat(m.getFieldsOrThrow("LABELS").getStructValue().getFieldsOrThrow("version")
        .getStringValue()).isEqualTo("v2");
    Struct inbound = m.getFieldsOrThrow("MESHBRIDGE_INBOUND").getListValue().getValues(0)
        .getStructValue();
    assertThat(inbound.getFieldsOrThrow("port").getNumberValue()).isEqualTo(8080);
    assertThat(inbound.getFieldsOrThrow("protocol").getStringValue()).isEqualTo("HTTP");
    assertThat(inbound.getFieldsOrThrow("targetPort").getNumberValue()).isEqualTo(18080);
    assertThat(inbound.getFieldsOrThrow("targetAddress").getStringValue()).isEqualTo("127.0.0.1");
    assertThat(inbound.getFieldsOrThrow("name").getStringValue()).isEqualTo("http");
    assertThat(inbound.getFieldsOrThrow("address").getStringValue()).isEqualTo("0.0.0.0");
    assertThat(m.getFieldsOrThrow("MESHBRIDGE_CA_ADDRESS").getStringValue()).isEqualTo("pilot:15012");
    assertThat(m.getFieldsOrThrow("MESHBRIDGE_CA_ROOT_FILE").getStringValue())
        .isEqualTo("/etc/meshbridge/root-cert.pem");
    assertThat(m.getFieldsOrThrow("MESHBRIDGE_JOIN_TOKEN_FILE").getStringValue())
        .isEqualTo("/etc/meshbridge/join-token");
    assertThat(m.getFieldsOrThrow("MESHBRIDGE_IDENTITY_DIR").getStringValue())
        .isEqualTo("/var/lib/meshbridge/identity");
  }

  @Test
  void pilotRegistrationNamesTheGroupTheAddressAndTheTlsModeLabel() {
    AgentConfig auto = AgentConfigLoader.parse("agent.yaml", """
        pilot:
          addresses: [10.0.0.1:15010]
          ca: {address: pilot:15012, rootFile: /etc/meshbridge/root-cert.pem}
        service: {name: orders, namespace: shop, instanceId: vm1, address: 10.0.0.7,
                  labels: {version: v2}, ports: [{port: 8080, protocol: HTTP, targetPort: 18080}]}
        registration: {type: pilot, pilot: {group: orders-vms}}
        """);
    Struct m = AgentBootstrap.node(auto).getMetadata();
    assertThat(m.getFieldsOrThrow("AUTO_REGISTER_GROUP").getStringValue()).isEqualTo("orders-vms");
    assertThat(m.getFieldsOrThrow("INSTANCE_IPS").getStringValue()).isEqualTo("10.0.0.7");
    assertThat(m.getFieldsOrThrow("LABELS").getStructValue().getFieldsMap())
        .containsOnlyKeys("version", "security.istio.io/tlsMode");
    assertThat(AgentBootstrap.node(CONFIG).getMetadata().getFieldsMap())
        .doesNotContainKeys("AUTO_REGISTER_GROUP", "INSTANCE_IPS");
  }

  @Test
  void aTproxyCaptureAsksPilotForTheVirtualOutboundListener() {
    assertThat(AgentBootstrap.node(CONFIG).getMetadata().containsFields("INTERCEPTION_MODE"))
        .isFalse();
    AgentConfig tproxy = AgentConfigLoader.parse("agent.yaml", """
        pilot: {addresses: [10.0.0.1:15010]}
        service: {name: orders, instanceId: vm1, address: 10.0.0.7,
                  ports: [{port: 8080, protocol: TCP, targetPort: 18080}]}
        capture: {mode: tproxy, excludeUids: [0]}
        """);

    assertThat(AgentBootstrap.node(tproxy).getMetadata().getFieldsOrThrow("INTERCEPTION_MODE")
        .getStringValue()).isEqualTo("TPROXY");
  }

  @Test
  void noIdentityKeysWithoutCa() {
    AgentConfig plain = AgentConfigLoader.parse("agent.yaml", """
        pilot: {addresses: [10.0.0.1:15010]}
        service: {name: orders, instanceId: vm1, address: 10.0.0.7,
                  ports: [{port: 8080, protocol: TCP, targetPort: 18080}]}
        """);
    assertThat(AgentBootstrap.node(plain).getMetadata().getFieldsMap())
        .doesNotContainKeys("MESHBRIDGE_CA_ADDRESS", "MESHBRIDGE_IDENTITY_DIR");
    assertThat(AgentBootstrap.of(plain).getStaticResources().getClusters(0).hasTransportSocket())
        .as("plaintext xDS without a CA").isFalse();
  }
}
