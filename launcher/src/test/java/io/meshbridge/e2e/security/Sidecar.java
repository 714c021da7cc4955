package io.meshbridge.e2e.security;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.launcher.SimpleHttp;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real proxy as a workload's sidecar: node metadata naming its identity (namespace, service
 * account), a join token for its first certificate from pilot's CA, and optionally an inbound port
 * in front of a local backend ({@code MESHBRIDGE_INBOUND}).
 */
final class Sidecar implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to start. {@code bindAddress} is {@code MESHBRIDGE_BIND_ADDRESS} (each sidecar its own
   * loopback address, so their outbound listeners do not collide); {@code inboundPort} /
   * {@code backendPort} are 0 for a client-only sidecar; {@code xdsOverMtls} connects to pilot's
   * TLS port with the workload certificate instead of plaintext xDS; {@code certRotation} is
   * {@code MESHBRIDGE_CERT_ROTATION} ({@code ""}: the proxy's default).
   */
  record Spec(String name, String namespace, String serviceAccount, String bindAddress,
      int inboundPort, int backendPort, boolean xdsOverMtls, String certRotation) {
    Spec {
      requireNonNull(name, "name");
      requireNonNull(namespace, "namespace");
      requireNonNull(serviceAccount, "serviceAccount");
      requireNonNull(bindAddress, "bindAddress");
      requireNonNull(certRotation, "certRotation");
    }

    static Spec client(String name, String serviceAccount, String bindAddress) {
      return new Spec(name, SecureMesh.NAMESPACE, serviceAccount, bindAddress, 0, 0, false, "");
    }

    static Spec server(String name, String serviceAccount, String bindAddress, int inboundPort,
        int backendPort) {
      return new Spec(name, SecureMesh.NAMESPACE, serviceAccount, bindAddress, inboundPort,
          backendPort, false, "");
    }

    Spec overMtls() {
      return new Spec(name, namespace, serviceAccount, bindAddress, inboundPort, backendPort,
          true, certRotation);
    }

    Spec inNamespace(String ns) {
      return new Spec(name, ns, serviceAccount, bindAddress, inboundPort, backendPort,
          xdsOverMtls, certRotation);
    }

    /** Renews its certificate at this fraction of the lifetime ({@code MESHBRIDGE_CERT_ROTATION}). */
    Spec renewingAt(String rotation) {
      return new Spec(name, namespace, serviceAccount, bindAddress, inboundPort, backendPort,
          xdsOverMtls, rotation);
    }
  }

  private final Spec spec;
  private final ProxyServer proxy;

  private Sidecar(Spec spec, ProxyServer proxy) {
    this.spec = spec;
    this.proxy = proxy;
  }

  static Sidecar start(SecureMesh mesh, Spec spec) {
    Path dir = mesh.workDir.resolve("sidecar-" + spec.name());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SecureMesh.write(dir, "join-token", mesh.joinToken(spec.namespace(), spec.serviceAccount()));
    String yaml = bootstrap(mesh, spec, dir);
    SecureMesh.write(dir, "proxy.yaml", yaml);
    ProxyServer proxy;
    try {
      proxy = ProxyServer.start(BootstrapLoader.parse(spec.name() + "/proxy.yaml", yaml));
    } catch (BootstrapException e) {
      throw new AssertionError(e);
    }
    Sidecar sidecar = new Sidecar(spec, proxy);
    await(spec.name() + " ready").atMost(Duration.ofSeconds(30)).until(proxy::ready);
    return sidecar;
  }

  private static String bootstrap(SecureMesh mesh, Spec spec, Path dir) {
    String inbound =
        spec.inboundPort() == 0
            ? ""
            : """
                MESHBRIDGE_INBOUND:
                - {name: http, port: %d, protocol: HTTP, targetPort: %d, address: 127.0.0.1}
            """.formatted(spec.inboundPort(), spec.backendPort());
    int xdsPort = spec.xdsOverMtls() ? mesh.caPort : mesh.xdsPort;
    String tls =
        spec.xdsOverMtls()
            ? """
                transport_socket:
                  name: envoy.transport_sockets.tls
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
            """
            : "";
    return """
        node:
          id: %1$s
          cluster: %1$s.%10$s
          metadata:
            MESHBRIDGE_BIND_ADDRESS: %2$s
            NAMESPACE: %10$s
            SERVICE_ACCOUNT: %3$s
            LABELS: {app: %1$s}
            MESHBRIDGE_CA_ADDRESS: 127.0.0.1:%4$d
            MESHBRIDGE_CA_ROOT_FILE: %5$s
            MESHBRIDGE_JOIN_TOKEN_FILE: %6$s
        %11$s
        %7$s
        dynamic_resources:
          ads_config:
            api_type: DELTA_GRPC
            transport_api_version: V3
            grpc_services:
            - envoy_grpc: {cluster_name: xds}
          lds_config: {ads: {}, resource_api_version: V3}
          cds_config: {ads: {}, resource_api_version: V3}
        static_resources:
          clusters:
          - name: xds
            type: STATIC
            connect_timeout: 1s
        %8$s
            load_assignment:
              cluster_name: xds
              endpoints:
              - lb_endpoints:
                - endpoint:
                    address:
                      socket_address: {address: 127.0.0.1, port_value: %9$d}
        admin:
          address:
            socket_address: {address: 127.0.0.1, port_value: 0}
        """
        .formatted(spec.name(), spec.bindAddress(), spec.serviceAccount(), mesh.caPort,
            mesh.rootCertFile().toAbsolutePath(), dir.resolve("join-token").toAbsolutePath(),
            inbound.stripTrailing(), tls.stripTrailing(), xdsPort, spec.namespace(),
            spec.certRotation().isEmpty() ? ""
                : "    MESHBRIDGE_CERT_ROTATION: \"" + spec.certRotation() + "\"");
  }

  String name() {
    return spec.name();
  }

  /** {@code spiffe://cluster.local/ns/<namespace>/sa/<serviceAccount>}. */
  String spiffeId() {
    return "spiffe://cluster.local/ns/" + spec.namespace() + "/sa/" + spec.serviceAccount();
  }

  /** Where its outbound listeners are: the app sends requests for orders.shop here. */
  String bindAddress() {
    return spec.bindAddress();
  }

  /**
   * The transport protocols its inbound listener's filter chains match, in order, from its
   * config_dump ({@code ""} for a chain without a match): STRICT {@code [tls]}, PERMISSIVE
   * {@code [tls, raw_buffer]}, DISABLE {@code [""]}.
   */
  List<String> inboundChains() {
    String listener = "inbound_127.0.0.1_" + spec.inboundPort();
    try {
      List<String> found = new ArrayList<>();
      JsonNode listenerNode = find(JSON.readTree(configDump()), listener);
      if (listenerNode != null) {
        JsonNode chains = listenerNode.has("filterChains")
            ? listenerNode.get("filterChains") : listenerNode.path("filter_chains");
        for (JsonNode chain : chains) {
          JsonNode match = chain.has("filterChainMatch")
              ? chain.get("filterChainMatch") : chain.path("filter_chain_match");
          found.add(match.has("transportProtocol") ? match.get("transportProtocol").asText()
              : match.path("transport_protocol").asText(""));
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static @Nullable JsonNode find(JsonNode node, String listenerName) {
    if (node.isObject() && listenerName.equals(node.path("name").asText())
        && (node.has("filterChains") || node.has("filter_chains"))) {
      return node;
    }
    for (JsonNode child : node) {
      JsonNode hit = find(child, listenerName);
      if (hit != null) {
        return hit;
      }
    }
    return null;
  }

  ProxyServer proxy() {
    return proxy;
  }

  String configDump() {
    return admin("/config_dump");
  }

  String stats() {
    return admin("/stats/prometheus");
  }

  /** The value of a Prometheus counter line starting with {@code prefix}, 0 when absent. */
  long counter(String prefix) {
    return stats().lines().filter(l -> l.startsWith(prefix))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private String admin(String path) {
    try {
      SimpleHttp.Response r = SimpleHttp.get("127.0.0.1", proxy.adminPort(), "127.0.0.1", path);
      if (r.status() != 200) {
        throw new AssertionError(spec.name() + " GET " + path + ": " + r.status());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(spec.name() + " GET " + path, e);
    }
  }

  @Override
  public void close() {
    proxy.close();
  }

  @Override
  public String toString() {
    return "sidecar " + spec.name();
  }
}
