package io.meshbridge.pilot.autoregister;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Status;
import io.meshbridge.model.Locality;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.policy.Workload;
import io.meshbridge.pilot.policy.WorkloadEntry;
import io.meshbridge.pilot.policy.WorkloadGroup;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a node's metadata and its WorkloadGroup make of the entry, and what is refused. */
class EntryTemplateTest {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");
  static final WorkloadGroup GROUP = new WorkloadGroup("shop", "orders",
      Map.of("app", "orders", "tier", "group"), Map.of(),
      new Workload("", Map.of("http", 9080), Map.of("tier", "template", "os", "linux"),
          new Locality("eu", "eu-1a", ""), 5, "orders", "vpc-1"),
      null, "g.yaml#1");

  static Node node(Map<String, String> metadata) {
    Struct.Builder s = Struct.newBuilder();
    metadata.forEach((k, v) -> s.putFields(k, Value.newBuilder().setStringValue(v).build()));
    return Node.newBuilder().setId("vm-1").setMetadata(s).build();
  }

  static Node vm() {
    Node n = node(Map.of("AUTO_REGISTER_GROUP", "orders", "NAMESPACE", "shop",
        "INSTANCE_IPS", "10.0.0.7,10.0.0.8"));
    return n.toBuilder().setMetadata(n.getMetadata().toBuilder().putFields("LABELS",
        Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("tier", Value.newBuilder().setStringValue("proxy").build())
            .putFields("istio-locality", Value.newBuilder().setStringValue("x").build()))
            .build())).build();
  }

  @Test
  void theTemplateWithGroupAndProxyLabelsOnTopAndTheFirstInstanceIp() {
    ProxyRegistration proxy = ProxyRegistration.of(vm());
    WorkloadEntry entry = EntryTemplate.entry(proxy, GROUP, ORDERS);
    assertThat(entry.namespace()).isEqualTo("shop");
    assertThat(entry.name()).isEqualTo("orders-10.0.0.7");
    assertThat(entry.source()).isEqualTo("auto-registered from WorkloadGroup shop/orders");
    assertThat(entry.workload()).isEqualTo(new Workload("10.0.0.7", Map.of("http", 9080),
        Map.of("app", "orders", "tier", "proxy", "os", "linux"), new Locality("eu", "eu-1a", ""),
        5, "orders", "vpc-1"));
  }

  @Test
  void theNodesNetworkAndLocalityWinAndNameTheEntryAsIstio() {
    Node n = vm();
    Node withNetwork = n.toBuilder()
        .setMetadata(n.getMetadata().toBuilder()
            .putFields("NETWORK", Value.newBuilder().setStringValue("net-2").build())
            .putFields("INSTANCE_IPS", Value.newBuilder().setStringValue("2001:db8::5").build()))
        .setLocality(io.envoyproxy.envoy.config.core.v3.Locality.newBuilder().setRegion("us"))
        .build();
    WorkloadEntry entry = EntryTemplate.entry(ProxyRegistration.of(withNetwork), GROUP, ORDERS);
    assertThat(entry.name()).isEqualTo("orders-2001-db8--5-net-2");
    assertThat(entry.workload().network()).isEqualTo("net-2");
    assertThat(entry.workload().locality()).isEqualTo(new Locality("us", "", ""));
  }

  @Test
  void aNodeWithoutAGroupAsksForNothing() {
    assertThat(ProxyRegistration.of(node(Map.of("NAMESPACE", "shop")))).isNull();
  }

  @Test
  void badMetadataIsInvalidArgumentNamingTheKey() {
    assertThatThrownBy(() -> ProxyRegistration.of(node(Map.of("AUTO_REGISTER_GROUP", "orders",
        "INSTANCE_IPS", "10.0.0.7"))))
        .hasMessage("node 'vm-1': metadata.NAMESPACE: missing (expected: the namespace of"
            + " WorkloadGroup 'orders', required with AUTO_REGISTER_GROUP)");
    assertThatThrownBy(() -> ProxyRegistration.of(node(Map.of("AUTO_REGISTER_GROUP", "orders",
        "NAMESPACE", "shop"))))
        .hasMessageContaining("metadata.INSTANCE_IPS: missing");
    assertThatThrownBy(() -> ProxyRegistration.of(node(Map.of("AUTO_REGISTER_GROUP", "orders",
        "NAMESPACE", "shop", "INSTANCE_IPS", "vm-1.local"))))
        .isInstanceOfSatisfying(RegistrationRefusedException.class, e -> {
          assertThat(e.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getMessage()).endsWith(
              "metadata.INSTANCE_IPS: 'vm-1.local' (expected: an IP address)");
        });
  }

  @Test
  void anotherNamespaceOrServiceAccountOrNoIdentityIsPermissionDenied() {
    ProxyRegistration proxy = ProxyRegistration.of(vm());
    assertThatThrownBy(() -> EntryTemplate.entry(proxy, GROUP,
        new SpiffeId("cluster.local", "billing", "orders")))
        .hasMessageContaining("its certificate is spiffe://cluster.local/ns/billing/sa/orders,"
            + " WorkloadGroup shop/orders is for ns/shop/sa/orders");
    assertThatThrownBy(() -> EntryTemplate.entry(proxy, GROUP, null))
        .isInstanceOfSatisfying(RegistrationRefusedException.class,
            e -> assertThat(e.status().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessageContaining("needs a verified identity");
    assertThatThrownBy(() -> EntryTemplate.entry(proxy, null, ORDERS))
        .isInstanceOfSatisfying(RegistrationRefusedException.class,
            e -> assertThat(e.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION))
        .hasMessageContaining("cannot find WorkloadGroup shop/orders");
  }

  @Test
  void aTemplateWithoutServiceAccountTakesAnyAccountOfTheNamespace() {
    WorkloadGroup open = new WorkloadGroup("shop", "orders", Map.of(), Map.of(),
        new Workload("", Map.of(), Map.of(), Locality.UNKNOWN, 1, "", ""), null, "g.yaml#1");
    WorkloadEntry entry = EntryTemplate.entry(ProxyRegistration.of(vm()), open,
        new SpiffeId("cluster.local", "shop", "anything"));
    assertThat(entry.workload().serviceAccount()).isEmpty();
  }
}
