package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.model.Protocol;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NAMESPACE, SERVICE_ACCOUNT and MESHBRIDGE_INBOUND into the scope, each bad value named. */
class WorkloadMetadataTest {

  static Value s(String v) {
    return Value.newBuilder().setStringValue(v).build();
  }

  static Value n(double v) {
    return Value.newBuilder().setNumberValue(v).build();
  }

  static Value entry(Object... kv) {
    Struct.Builder st = Struct.newBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      st.putFields((String) kv[i], v instanceof Value val ? val
          : v instanceof Number num ? n(num.doubleValue()) : s((String) v));
    }
    return Value.newBuilder().setStructValue(st).build();
  }

  /** A sidecar of shop/orders labelled app=orders with {@code inbound} entries. */
  static Node node(Value... inbound) {
    Struct.Builder metadata = Struct.newBuilder()
        .putFields("NAMESPACE", s("shop"))
        .putFields("SERVICE_ACCOUNT", s("orders"))
        .putFields(ProxyScope.LABELS_METADATA, Value.newBuilder().setStructValue(
            Struct.newBuilder().putFields("app", s("orders"))).build());
    if (inbound.length > 0) {
      metadata.putFields("MESHBRIDGE_INBOUND", Value.newBuilder().setListValue(
          ListValue.newBuilder().addAllValues(List.of(inbound))).build());
    }
    return Node.newBuilder().setId("vm-1").setMetadata(metadata).build();
  }

  @Test
  void readsTheWorkloadWithDefaults() {
    ProxyScope scope = ProxyScope.fromNode(node(
        entry("port", 8080, "protocol", "HTTP", "targetPort", 18080, "name", "http"),
        entry("port", "9000", "protocol", "TCP", "targetPort", "19000",
            "targetAddress", "10.0.0.5", "address", "10.0.0.4")));

    assertThat(scope.workload()).isEqualTo(new ProxyWorkload("shop", "orders", List.of(
        new ProxyWorkload.Inbound(8080, Protocol.HTTP, 18080, "127.0.0.1", "0.0.0.0", "http"),
        new ProxyWorkload.Inbound(9000, Protocol.TCP, 19000, "10.0.0.5", "10.0.0.4", ""))));
    assertThat(scope.narrowedTo(ScopeNeeds.NONE).workload()).isEqualTo(scope.workload());
    assertThat(scope.narrowedTo(new ScopeNeeds(Set.of("app"), false)).labels())
        .containsEntry("app", "orders");
  }

  @Test
  void noIdentityNoWorkload() {
    assertThat(ProxyScope.fromNode(Node.getDefaultInstance()).workload()).isNull();
    assertThat(ProxyScope.fromNode(node()).workload())
        .isEqualTo(new ProxyWorkload("shop", "orders", List.of()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "port|http|metadata.MESHBRIDGE_INBOUND[0].port: 'http' (expected: a port number 1..65535)",
        "port|70000|metadata.MESHBRIDGE_INBOUND[0].port: 70000 (expected: a port number 1..65535)",
        "protocol|TLS|metadata.MESHBRIDGE_INBOUND[0].protocol: 'TLS' (expected: HTTP, HTTP2, GRPC"
            + " or TCP)",
        "targetAddress|localhost|metadata.MESHBRIDGE_INBOUND[0].targetAddress: 'localhost'"
            + " (expected: an IP literal, e.g. 127.0.0.1)",
        "address|x|metadata.MESHBRIDGE_INBOUND[0].address: 'x' (expected: an IP literal",
        "targetPorts|1|metadata.MESHBRIDGE_INBOUND[0].targetPorts: not supported",
      })
  void badInboundEntriesAreRefusedNamingTheKey(String key, String value, String expected) {
    Struct.Builder e = Struct.newBuilder().putFields("port", n(8080))
        .putFields("protocol", s("HTTP")).putFields("targetPort", n(18080));
    e.putFields(key, value.matches("[0-9]+") ? n(Double.parseDouble(value)) : s(value));
    Node bad = node(Value.newBuilder().setStructValue(e).build());
    assertThatThrownBy(() -> ProxyScope.fromNode(bad))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageStartingWith("node 'vm-1': " + expected);
  }

  @Test
  void otherBadValuesAreRefused() {
    assertThatThrownBy(() -> ProxyScope.fromNode(node(entry("port", 1, "protocol", "HTTP"))))
        .hasMessage("node 'vm-1': metadata.MESHBRIDGE_INBOUND[0].targetPort: required");
    assertThatThrownBy(() -> ProxyScope.fromNode(node(
            entry("port", 1, "protocol", "HTTP", "targetPort", 2),
            entry("port", 1, "protocol", "TCP", "targetPort", 3))))
        .hasMessage("node 'vm-1': metadata.MESHBRIDGE_INBOUND[1].port: 1 on 0.0.0.0 is taken by"
            + " an earlier entry");
    Node badNamespace = node().toBuilder().setMetadata(node().getMetadata().toBuilder()
        .putFields("NAMESPACE", s("Shop/x"))).build();
    assertThatThrownBy(() -> ProxyScope.fromNode(badNamespace))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessage("node 'vm-1': metadata.NAMESPACE: 'Shop/x' (expected: a Kubernetes name,"
            + " e.g. shop)");
    Node noAccount = node().toBuilder().setMetadata(node().getMetadata().toBuilder()
        .removeFields("SERVICE_ACCOUNT")).build();
    assertThatThrownBy(() -> ProxyScope.fromNode(noAccount))
        .hasMessage("node 'vm-1': metadata.SERVICE_ACCOUNT: required with NAMESPACE");
    Node inboundOnly = Node.newBuilder().setId("vm-1").setMetadata(Struct.newBuilder()
        .putFields("MESHBRIDGE_INBOUND", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(entry("port", 1, "protocol", "HTTP", "targetPort", 2))).build())).build();
    assertThatThrownBy(() -> ProxyScope.fromNode(inboundOnly))
        .hasMessageStartingWith("node 'vm-1': metadata.NAMESPACE: required with"
            + " MESHBRIDGE_INBOUND");
    Node notAList = node().toBuilder().setMetadata(node().getMetadata().toBuilder()
        .putFields("MESHBRIDGE_INBOUND", s("8080"))).build();
    assertThatThrownBy(() -> ProxyScope.fromNode(notAList))
        .hasMessageStartingWith("node 'vm-1': metadata.MESHBRIDGE_INBOUND: expected a list");
  }
}
