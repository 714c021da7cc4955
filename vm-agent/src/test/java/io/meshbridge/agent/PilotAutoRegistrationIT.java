package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.aggregate.ServiceMapping;
import io.meshbridge.pilot.autoregister.AutoRegistrationSettings;
import io.meshbridge.pilot.ca.CaOptions;
import io.meshbridge.pilot.ca.CaServer;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registration.type: pilot} end to end: an agent whose proxy names a WorkloadGroup becomes
 * a WorkloadEntry in pilot, selected by a ServiceEntry; a second agent calls it by that mesh name
 * through its outbound listener; the app's failing health check reaches pilot over ADS (endpoint
 * UNHEALTHY, then HEALTHY again); the entry is gone one grace period after the first agent stops.
 */
class PilotAutoRegistrationIT {

  private static final SpiffeId IDENTITY = new SpiffeId("cluster.local", "default", "default");
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final ServiceKey SERVICE = new ServiceKey("default", "orders-vm");

  @TempDir Path dir;
  private final TestApp orders = new TestApp("orders");
  private final TestApp frontendApp = new TestApp("frontend");
  private CertificateAuthority ca;
  private CaServer secure;
  private Pilot pilot;
  private Agent vm;
  private Agent frontend;

  @BeforeEach
  void startPilot() {
    ca = CertificateAuthority.open(CaOptions.defaults(dir.resolve("ca")).withPort(0), null,
        Clock.systemUTC());
    pilot = Pilot.create(PilotOptions.defaults(), List.of(new IstioConfigRegistry()),
        ServiceMapping.IDENTITY, new AutoRegistrationSettings(GRACE));
    secure = pilot.secureServer(ca);
    secure.start();
    pilot.start();
  }

  @AfterEach
  void tearDown() {
    for (Agent a : new Agent[] {vm, frontend}) {
      if (a != null) {
        a.close();
      }
    }
    secure.stop();
    pilot.close();
    orders.close();
    frontendApp.close();
  }

  @Test
  void aVmRegisteredThroughPilotIsCalledByMeshNameAndGoesAwayAfterItStops() throws Exception {
    int meshPort = Configs.freePort();
    // Each agent on its own loopback addresses, as on separate VMs: the VM's inbound listener and
    // registered address are 127.0.0.12, the frontend's outbound listeners 127.0.0.3.
    AgentConfig vmConfig = Configs.parse(onAddresses(agentYaml("vm", orders,
        "{type: pilot, pilot: {group: orders}}", ""), "127.0.0.2", "127.0.0.12"));
    int inbound = vmConfig.service().ports().get(0).port();
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("orders.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: orders, namespace: default}
        spec:
          hosts: [orders.vm]
          ports: [{number: %d, name: http, protocol: HTTP}]
          resolution: STATIC
          workloadSelector: {labels: {app: orders}}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadGroup
        metadata: {name: orders, namespace: default}
        spec:
          metadata: {labels: {app: orders}}
          template: {ports: {http: %d}, serviceAccount: default}
        """.formatted(meshPort, inbound));
    pilot.watchPolicies(policies, Duration.ofMillis(200));

    vm = Agent.start(vmConfig, Map.of(), Clock.systemUTC());
    await("the WorkloadEntry").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(pilot.autoRegistry().entries()).singleElement().satisfies(e -> {
          assertThat(e.entry().name()).isEqualTo("orders-127.0.0.12");
          assertThat(e.entry().workload().address()).isEqualTo("127.0.0.12");
          assertThat(e.entry().workload().labels())
              .containsEntry("app", "orders").containsEntry("version", "v1")
              .containsEntry("security.istio.io/tlsMode", "istio");
          assertThat(e.identity()).isEqualTo(IDENTITY.uri());
        }));
    assertThat(vm.status().registration().registry())
        .isEqualTo("pilot(WorkloadGroup default/orders)");

    frontend = Agent.start(Configs.parse(onAddresses(agentYaml("frontend", frontendApp, null,
        "upstreams: [{name: orders-vm, port: " + meshPort + "}]\n")
        .replace("name: orders\n", "name: frontend\n"), "127.0.0.3", "127.0.0.13")),
        Map.of(), Clock.systemUTC());
    await("frontend's first config").atMost(Duration.ofSeconds(60)).until(frontend::ready);
    HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + meshPort + "/"))
        .header("Host", "orders.vm").timeout(Duration.ofSeconds(5)).build();
    HttpClient http = HttpClient.newHttpClient();
    await("a call by mesh name to the auto-registered VM").atMost(Duration.ofSeconds(30)).until(
        () -> http.send(call, HttpResponse.BodyHandlers.ofString()).body().equals("orders"));

    // The app's health check fails: the proxy reports it over ADS, pilot marks the endpoint.
    orders.healthy(false);
    await("reported unhealthy").atMost(Duration.ofSeconds(20)).until(() ->
        pilot.aggregate().model().endpointsOf(SERVICE).get(0).health() == HealthStatus.UNHEALTHY);
    assertThat(pilot.autoRegistry().entries().get(0).healthy()).isFalse();
    orders.healthy(true);
    await("reported healthy again").atMost(Duration.ofSeconds(20)).until(() ->
        pilot.aggregate().model().endpointsOf(SERVICE).get(0).health() == HealthStatus.HEALTHY);

    vm.close();
    vm = null;
    await("the entry deleted after the grace period").atMost(GRACE.plusSeconds(20)).until(
        () -> pilot.autoRegistry().entries().isEmpty()
            && pilot.aggregate().model().endpointsOf(SERVICE).isEmpty());
    assertThat(pilot.autoRegistry().metrics().deletes()).isEqualTo(1);
  }

  /** The proxy's listeners on {@code bind}, the service (inbound and registered) on {@code vm}. */
  private static String onAddresses(String yaml, String bind, String vm) {
    return yaml
        .replace("  adminAddress: 127.0.0.1:0\n",
            "  adminAddress: 127.0.0.1:0\n  bindAddress: " + bind + "\n")
        .replace("  address: 127.0.0.1\n", "  address: " + vm + "\n")
        .replace("protocol: HTTP, targetPort:", "protocol: HTTP, address: " + vm + ", targetPort:");
  }

  private String agentYaml(String name, TestApp app, String registration, String more)
      throws Exception {
    Path root = dir.resolve("root-cert.pem");
    Files.writeString(root, ca.rootsPem());
    Path token = Files.writeString(dir.resolve(name + "-join-token"),
        ca.joinTokens().create(IDENTITY, Duration.ofHours(1)).token());
    String caYaml = "pilot:\n  ca: {address: '127.0.0.1:%d', rootFile: '%s', joinTokenFile: '%s'}\n"
        .formatted(secure.port(), root, token);
    return Configs.yaml(dir.resolve(name), secure.port(), app, registration)
        .replace("pilot:\n", caYaml) + more;
  }
}
