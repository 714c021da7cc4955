package io.meshbridge.pilot.translate;

import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import java.util.List;
import java.util.Map;

/** A sidecar running shop/orders (labels app=orders) with HTTP, TCP and gRPC inbound ports. */
final class SecurityFixtures {

  static final ProxyWorkload ORDERS =
      new ProxyWorkload("shop", "orders", List.of(
          new ProxyWorkload.Inbound(8080, Protocol.HTTP, 18080, "127.0.0.1", "0.0.0.0", "http"),
          new ProxyWorkload.Inbound(9000, Protocol.TCP, 19000, "127.0.0.1", "0.0.0.0", "db"),
          new ProxyWorkload.Inbound(9090, Protocol.GRPC, 19090, "127.0.0.1", "0.0.0.0", "grpc")));

  static final ProxyScope SCOPE =
      new ProxyScope(ProxyScope.Kind.SIDECAR, "127.0.0.1", Map.of("app", "orders"),
          Locality.UNKNOWN, ORDERS);

  static final MeshModel EMPTY = MeshModel.of(List.of(), List.of());

  static final String HEADER = "apiVersion: security.istio.io/v1\n";

  static String peer(String namespace, String name, String spec) {
    return HEADER + "kind: PeerAuthentication\nmetadata: {name: " + name + ", namespace: "
        + namespace + "}\nspec: " + spec + "\n---\n";
  }

  static String authz(String namespace, String name, String spec) {
    return HEADER + "kind: AuthorizationPolicy\nmetadata: {name: " + name + ", namespace: "
        + namespace + "}\nspec:\n" + spec + "\n---\n";
  }

  private SecurityFixtures() {}
}
