package io.meshbridge.agent;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.agent.status.StatusFile;
import io.meshbridge.eureka.testing.EurekaServerExtension;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.ca.CaOptions;
import io.meshbridge.pilot.ca.CaServer;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.consul.ConsulRegistry;
import io.meshbridge.registry.eureka.EurekaRegistry;
import io.meshbridge.registry.eureka.EurekaRegistryConfig;
import io.meshbridge.registry.file.FileRegistry;
import io.meshbridge.testing.consul.ConsulSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end to end: two agents as separate processes (the packaged jar, own config and state
 * dirs, one real HTTP app each), {@code orders} registered in a real Eureka server and {@code
 * payments} in the Consul simulator; pilot reads both plus a file registry standing in for the
 * Kubernetes side ({@code catalog}). Calls by mesh name: VM→VM both ways (app → its agent's
 * outbound listener → the other agent's inbound listener → app), VM→Kubernetes service, and
 * Kubernetes→VM through a proxy of its own. Everything on loopback: each proxy binds its own
 * 127.0.0.x, each agent's inbound listener another (the address it registers).
 */
class VmMeshE2EIT {

  @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();

  @TempDir Path dir;
  private final ConsulSimulator consul = ConsulSimulator.start();
  private final TestApp orders = new TestApp("orders");
  private final TestApp payments = new TestApp("payments");
  private final TestApp catalog = new TestApp("catalog");
  private final List<Process> agents = new ArrayList<>();
  private Pilot pilot;
  private CertificateAuthority ca;
  private CaServer secure;
  private ProxyServer kubernetesProxy;

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Process agent : agents) {
      agent.destroy();
      if (!agent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        agent.destroyForcibly().waitFor();
      }
    }
    if (kubernetesProxy != null) {
      kubernetesProxy.close();
    }
    if (secure != null) {
      secure.stop();
    }
    if (pilot != null) {
      pilot.close();
    }
    consul.close();
    orders.close();
    payments.close();
    catalog.close();
  }

  @Test
  void vmToVmVmToKubernetesAndKubernetesToVmByMeshName() throws Exception {
    run(false);
  }

  /**
   * The same with pilot's CA: the agents join with tokens and fetch over mTLS, the Kubernetes-side
   * proxy gets an identity too, and DestinationRules {@code ISTIO_MUTUAL} make the calls to the
   * VMs mTLS (the agents also register {@code security.istio.io/tlsMode: istio}, in Eureka as
   * {@code security.istio.io__tlsMode}, so auto mTLS would apply too). The inbound access log
   * names the peer.
   */
  @Test
  void theSameWithMtlsBetweenTheProxies() throws Exception {
    run(true);
  }

  private void run(boolean mtls) throws Exception {
    int xdsPort = Configs.freePort();
    int ordersPort = Configs.freePort();
    int paymentsPort = Configs.freePort();
    int catalogPort = Configs.freePort();
    Path registry = Files.createDirectories(dir.resolve("k8s"));
    Files.writeString(registry.resolve("catalog.yaml"), """
        services:
          - name: catalog
            namespace: default
            ports: [{name: http, number: %d, protocol: HTTP}]
            endpoints:
              - {address: 127.0.0.1, ports: {http: %d}}
        """.formatted(catalogPort, catalog.port()));
    pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", xdsPort), List.of(
        new FileRegistry("k8s", registry),
        new EurekaRegistry(EurekaRegistryConfig.of("eureka", List.of(eureka.serviceUrl()))
            .withFetchInterval(Duration.ofSeconds(1))),
        ConsulRegistry.builder("consul").address(URI.create(consul.address())).build()));
    pilot.watchPolicies(mtls ? istioMutual() : noMeshTls(), Duration.ofSeconds(1));
    String pilotAddress = "127.0.0.1:" + xdsPort;
    if (mtls) {
      ca = CertificateAuthority.open(CaOptions.defaults(dir.resolve("ca")).withPort(0), null,
          Clock.systemUTC());
      secure = pilot.secureServer(ca);
      secure.start();
      pilotAddress = "127.0.0.1:" + secure.port();
    }
    pilot.start();

    Path ordersState = startAgent("orders", "127.0.0.2", "127.0.0.12", ordersPort, orders,
        "{type: eureka, eureka: {serviceUrls: ['" + eureka.serviceUrl()
            + "'], renewalInterval: 1s, leaseDuration: 5s}}",
        List.of("payments:" + paymentsPort, "catalog:" + catalogPort), pilotAddress, mtls);
    Path paymentsState = startAgent("payments", "127.0.0.3", "127.0.0.13", paymentsPort,
        payments, "{type: consul, consul: {address: '" + consul.address() + "', ttl: 3s}}",
        List.of("orders:" + ordersPort), pilotAddress, mtls);
    awaitRegistered(ordersState);
    awaitRegistered(paymentsState);

    // VM → VM, both ways; VM → Kubernetes.
    awaitAnswer("127.0.0.2", paymentsPort, "payments", "payments");
    awaitAnswer("127.0.0.3", ordersPort, "orders", "orders");
    awaitAnswer("127.0.0.2", catalogPort, "catalog", "catalog");
    // The calls entered each VM through its agent's inbound listener (the registered port).
    awaitAccessLog("payments", "\"upstream_cluster\":\"inbound|" + paymentsPort + "||\"");
    awaitAccessLog("orders", "\"upstream_cluster\":\"inbound|" + ordersPort + "||\"");
    awaitAccessLog("orders", "\"upstream_cluster\":\"outbound|" + catalogPort + "||catalog.default.mesh\"");

    // Kubernetes → VM: a proxy on the Kubernetes side, fed by the same pilot.
    String identity = !mtls ? "" : ", NAMESPACE: default, SERVICE_ACCOUNT: catalog,"
        + " MESHBRIDGE_CA_ADDRESS: '127.0.0.1:" + secure.port() + "', MESHBRIDGE_CA_ROOT_FILE: '"
        + rootFile() + "', MESHBRIDGE_JOIN_TOKEN_FILE: '" + token("catalog") + "'";
    kubernetesProxy = ProxyServer.start(BootstrapLoader.parse("k8s-proxy.yaml", """
        node: {id: catalog-pod-1, cluster: catalog, metadata: {MESHBRIDGE_BIND_ADDRESS: 127.0.0.4%s}}
        dynamic_resources:
          ads_config:
            api_type: DELTA_GRPC
            transport_api_version: V3
            grpc_services: [{envoy_grpc: {cluster_name: xds}}]
          lds_config: {ads: {}, resource_api_version: V3}
          cds_config: {ads: {}, resource_api_version: V3}
        static_resources:
          clusters:
          - name: xds
            type: STATIC
            connect_timeout: 1s
            load_assignment:
              cluster_name: xds
              endpoints:
              - lb_endpoints:
                - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
        admin: {address: {socket_address: {address: 127.0.0.1, port_value: 0}}}
        """.formatted(identity, xdsPort)));
    awaitAnswer("127.0.0.4", ordersPort, "orders", "orders");
    awaitAnswer("127.0.0.4", paymentsPort, "payments", "payments");
    if (mtls) {
      awaitAccessLog("payments", "\"downstream_peer_uri_san\":\"" + spiffe("orders") + "\"");
      awaitAccessLog("orders", "\"downstream_peer_uri_san\":\"" + spiffe("payments") + "\"");
      awaitAccessLog("orders", "\"downstream_peer_uri_san\":\"" + spiffe("catalog") + "\"");
    }
  }

  private static String spiffe(String serviceAccount) {
    return "spiffe://cluster.local/ns/default/sa/" + serviceAccount;
  }

  private Path rootFile() throws java.io.IOException {
    return Files.writeString(dir.resolve("root-cert.pem"), ca.rootsPem());
  }

  private Path token(String serviceAccount) throws java.io.IOException {
    return Files.writeString(dir.resolve(serviceAccount + ".token"), ca.joinTokens()
        .create(new SpiffeId("cluster.local", "default", serviceAccount), Duration.ofHours(1))
        .token());
  }

  /** Calls to both VM services are mTLS with the mesh identities. */
  private Path istioMutual() throws java.io.IOException {
    Path policy = Files.createDirectories(dir.resolve("policy"));
    for (String host : List.of("orders", "payments")) {
      Files.writeString(policy.resolve(host + ".yaml"), """
          apiVersion: networking.istio.io/v1
          kind: DestinationRule
          metadata: {name: %s, namespace: default}
          spec: {host: %s, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
          """.formatted(host, host));
    }
    return policy;
  }

  private Path startAgent(String name, String bind, String inbound, int port, TestApp app,
      String registration, List<String> upstreams, String pilotAddress, boolean mtls)
      throws Exception {
    Path state = dir.resolve(name).resolve("state");
    StringBuilder up = new StringBuilder("upstreams:\n");
    for (String u : upstreams) {
      String[] nameAndPort = u.split(":");
      up.append("  - {name: ").append(nameAndPort[0]).append(", port: ").append(nameAndPort[1])
          .append("}\n");
    }
    Path config = Files.writeString(Files.createDirectories(dir.resolve(name)).resolve("agent.yaml"),
        """
        stateDir: %s
        drainGracePeriod: 1s
        pilot: {addresses: ['%s']%s}
        proxy: {adminAddress: 127.0.0.1:0, bindAddress: %s}
        service:
          name: %s
          serviceAccount: %s
          instanceId: vm1
          address: %s
          ports: [{name: http, port: %d, protocol: HTTP, targetPort: %d, address: %s}]
        healthCheck: {http: {path: /healthz}, interval: 200ms, timeout: 200ms}
        registration: %s
        """.formatted(state, pilotAddress, !mtls ? "" : ", ca: {address: '" + pilotAddress
            + "', rootFile: '" + rootFile() + "', joinTokenFile: '" + token(name) + "'}",
            bind, name, name, inbound, port, app.port(), inbound,
            registration) + up);
    Process agent = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "meshbridge-agent.jar").toAbsolutePath().toString(),
        "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name).resolve("agent.log").toFile())
        .start();
    agents.add(agent);
    return state;
  }

  private static void awaitRegistered(Path state) {
    StatusFile status = new StatusFile(state);
    await("registered: " + state).atMost(Duration.ofSeconds(90)).until(() -> {
      if (!Files.exists(status.path())) {
        return false;
      }
      JsonNode s = status.read();
      return s.path("proxyReady").asBoolean()
          && s.path("registration").path("phase").asText().equals("REGISTERED");
    });
  }

  private void awaitAccessLog(String agent, String fragment) {
    Path log = dir.resolve(agent).resolve("agent.log");
    await(agent + " access log has " + fragment)
        .until(() -> Files.readString(log).contains(fragment));
  }

  private static void awaitAnswer(String bind, int port, String service, String body) {
    HttpRequest call = HttpRequest.newBuilder(URI.create("http://" + bind + ":" + port + "/"))
        .header("Host", service + ".default.mesh").timeout(Duration.ofSeconds(5)).build();
    HttpClient http = HttpClient.newHttpClient();
    await(service + " via " + bind + ":" + port).atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(
        () -> http.send(call, HttpResponse.BodyHandlers.ofString()).body().equals(body));
  }

  /** No CA in this pilot: no mesh identities, so mTLS is off mesh-wide (see the README). */
  private Path noMeshTls() throws java.io.IOException {
    Path policy = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(policy.resolve("mesh.yaml"), """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: DISABLE}}
        """);
    return policy;
  }
}
