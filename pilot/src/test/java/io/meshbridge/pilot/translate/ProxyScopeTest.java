package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.pilot.translate.ProxyScope.Kind;
import org.junit.jupiter.api.Test;

class ProxyScopeTest {

  private static Node node(String userAgent, String key, String value) {
    return Node.newBuilder()
        .setId("n1")
        .setUserAgentName(userAgent)
        .setMetadata(
            Struct.newBuilder().putFields(key, Value.newBuilder().setStringValue(value).build()))
        .build();
  }

  @Test
  void nodeThatSaysNothingIsASidecarOnTheWildcardAddress() {
    assertThat(ProxyScope.fromNode(Node.getDefaultInstance())).isEqualTo(ProxyScope.DEFAULT);
    assertThat(ProxyScope.DEFAULT).isEqualTo(new ProxyScope(Kind.SIDECAR, "0.0.0.0"));
  }

  @Test
  void grpcUserAgentsAreProxyless() {
    assertThat(ProxyScope.fromNode(Node.newBuilder().setUserAgentName("gRPC Java").build()).kind())
        .isEqualTo(Kind.PROXYLESS);
    assertThat(ProxyScope.fromNode(Node.newBuilder().setUserAgentName("gRPC Go").build()).kind())
        .isEqualTo(Kind.PROXYLESS);
    assertThat(ProxyScope.fromNode(Node.newBuilder().setUserAgentName("envoy").build()).kind())
        .isEqualTo(Kind.SIDECAR);
  }

  @Test
  void proxylessMetadataMarksAProxylessClient() {
    assertThat(ProxyScope.fromNode(node("meshbridge", "MESHBRIDGE_PROXYLESS", "true")).kind())
        .isEqualTo(Kind.PROXYLESS);
    assertThat(ProxyScope.fromNode(node("meshbridge", "MESHBRIDGE_PROXYLESS", "false")).kind())
        .isEqualTo(Kind.SIDECAR);
  }

  @Test
  void bindAddressComesFromMetadata() {
    assertThat(ProxyScope.fromNode(node("envoy", "MESHBRIDGE_BIND_ADDRESS", "127.0.0.2")))
        .isEqualTo(new ProxyScope(Kind.SIDECAR, "127.0.0.2"));
    assertThat(ProxyScope.fromNode(node("envoy", "MESHBRIDGE_BIND_ADDRESS", "::1")).bindAddress())
        .isEqualTo("::1");
  }

  @Test
  void interceptionModeComesFromIstiosMetadataKeyAndDefaultsToRedirect() {
    assertThat(ProxyScope.fromNode(Node.getDefaultInstance()).interception())
        .isEqualTo(ProxyScope.Interception.REDIRECT);
    assertThat(ProxyScope.fromNode(node("envoy", "INTERCEPTION_MODE", "TPROXY")))
        .isEqualTo(ProxyScope.DEFAULT.withInterception(ProxyScope.Interception.TPROXY));
    assertThat(ProxyScope.fromNode(node("envoy", "INTERCEPTION_MODE", "NONE")).interception())
        .isEqualTo(ProxyScope.Interception.NONE);
    assertThatThrownBy(() -> ProxyScope.fromNode(node("envoy", "INTERCEPTION_MODE", "tproxy")))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessage("node 'n1': metadata.INTERCEPTION_MODE: 'tproxy'"
            + " (expected: REDIRECT, TPROXY or NONE)");
  }

  @Test
  void bindAddressThatIsNotAnIpLiteralIsRejectedNamingTheField() {
    assertThatThrownBy(
            () -> ProxyScope.fromNode(node("envoy", "MESHBRIDGE_BIND_ADDRESS", "localhost")))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessage(
            "node 'n1': metadata.MESHBRIDGE_BIND_ADDRESS: 'localhost'"
                + " (expected: an IP literal, e.g. 127.0.0.2)");
  }

  @Test
  void labelsAndLocalityAreKeptOnlyAsFarAsThePoliciesNeedThem() {
    Node node =
        Node.newBuilder()
            .setLocality(
                io.envoyproxy.envoy.config.core.v3.Locality.newBuilder()
                    .setRegion("us-east").setZone("us-east-1a"))
            .setMetadata(
                Struct.newBuilder()
                    .putFields(ProxyScope.LABELS_METADATA, Value.newBuilder().setStructValue(
                        Struct.newBuilder()
                            .putFields("app", Value.newBuilder().setStringValue("web").build())
                            .putFields("pod", Value.newBuilder().setStringValue("web-7f9c").build()))
                        .build()))
            .build();

    assertThat(ProxyScope.fromNode(node, ScopeNeeds.NONE)).isEqualTo(ProxyScope.DEFAULT);
    ProxyScope narrowed =
        ProxyScope.fromNode(node, new ScopeNeeds(java.util.Set.of("app", "version"), true));
    assertThat(narrowed.labels()).containsExactly(java.util.Map.entry("app", "web"));
    assertThat(narrowed.locality())
        .isEqualTo(new io.meshbridge.model.Locality("us-east", "us-east-1a", ""));
  }
}
