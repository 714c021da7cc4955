package io.meshbridge.e2e.security;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.launcher.EmbeddedPilot;
import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.e2e.UnusedPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pilot as {@code meshbridge pilot} runs it (the quickstart's YAML plus a CA, a watched policy
 * directory and a short workload certificate lifetime), its file registry holding the service
 * {@code orders.shop} with one endpoint, and the sidecars a test starts. Everything real, on
 * loopback.
 */
final class SecureMesh implements AutoCloseable {

  static final String NAMESPACE = "shop";
  static final String ORDERS_HOST = "orders.shop.mesh";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path workDir;
  final Path registryDir;
  final Path policyDir;
  final Path caDir;
  final int xdsPort = freePort();
  final int restPort = freePort();
  final int caPort = freePort();
  /** The port of orders.shop: proxy A's outbound listener. */
  final int ordersPort = freePort();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<AutoCloseable> running = new ArrayList<>();
  private @Nullable EmbeddedPilot pilot;

  SecureMesh(Path workDir) {
    this.workDir = workDir;
    this.registryDir = workDir.resolve("registry");
    this.policyDir = workDir.resolve("policy");
    this.caDir = workDir.resolve("ca");
    try {
      Files.createDirectories(registryDir);
      Files.createDirectories(policyDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts pilot: plaintext xDS, the CA with its TLS port (CA and xDS over mTLS) and workload
   * certificates living {@code workloadCertTtl}, Istio resources read from {@link #policyDir}.
   */
  void startPilot(String workloadCertTtl) {
    startPilot(workloadCertTtl, List.of());
  }

  /**
   * Starts pilot as {@link #startPilot(String)} does, with {@code revoked} (SPIFFE IDs) in {@code
   * ca.revoked}, on the same ports and CA directory as before (a restart keeps the root).
   */
  void startPilot(String workloadCertTtl, List<String> revoked) {
    if (pilot != null) {
      throw new IllegalStateException("pilot runs already");
    }
    String yaml =
        QuickstartFiles.pilot(registryDir, xdsPort, restPort, caDir, caPort)
            + """
              workloadCertTtl: %s
              revoked: [%s]
            policy:
              directory: %s
              pollInterval: 100ms
            """
                .formatted(workloadCertTtl, String.join(", ", revoked), policyDir.toAbsolutePath());
    write(workDir, "pilot.yaml", yaml);
    pilot = EmbeddedPilot.start(workDir.resolve("pilot.yaml"));
  }

  /** Stops pilot; the sidecars keep serving their last config and reconnect to the next one. */
  void stopPilot() {
    EmbeddedPilot stopping = pilot;
    pilot = null;
    if (stopping != null) {
      stopping.close();
    }
  }

  /** A gauge of pilot's {@code /admin/metrics} (e.g. {@code meshbridge.ca.refused.REVOKED}). */
  long pilotGauge(String name) {
    return get("/admin/metrics").path("gauges").path(name).path("value").asLong();
  }

  /**
   * Publishes orders.shop (HTTP on {@link #ordersPort}) with one endpoint on loopback at {@code
   * endpointPort}, labelled {@code security.istio.io/tlsMode: istio} (auto mTLS) when {@code
   * meshTls}.
   */
  void publishOrders(int endpointPort, boolean meshTls) {
    String labels = meshTls ? "{app: orders, security.istio.io/tlsMode: istio}" : "{app: orders}";
    write(
        registryDir,
        "orders.yaml",
        """
        services:
          - name: orders
            namespace: shop
            ports:
              - {name: http, number: %d, protocol: HTTP}
            endpoints:
              - {address: 127.0.0.1, ports: {http: %d}, labels: %s}
        """
            .formatted(ordersPort, endpointPort, labels));
  }

  /** Replaces the Istio resources pilot reads (several documents separated by {@code ---}). */
  void writePolicy(String yaml) {
    write(policyDir, "policy.yaml", yaml);
  }

  /** A one-time join token for {@code ns/sa}, from pilot's REST API with the admin token. */
  String joinToken(String namespace, String serviceAccount) {
    JsonNode answer =
        post(
            "/v1/tokens",
            """
            {"namespace": "%s", "serviceAccount": "%s", "ttl": "1h"}"""
                .formatted(namespace, serviceAccount));
    return answer.get("token").asText();
  }

  /** Pilot's trusted roots as a workload is first given them (root-cert.pem), written to a file. */
  Path rootCertFile() {
    Path file = workDir.resolve("root-cert.pem");
    if (!Files.exists(file)) {
      write(workDir, "root-cert.pem", get("/v1/ca/roots").get("rootCert").asText());
    }
    return file;
  }

  /** Starts a sidecar and registers it to be closed with the mesh. */
  Sidecar start(Sidecar.Spec spec) {
    Sidecar sidecar = Sidecar.start(this, spec);
    running.add(sidecar);
    return sidecar;
  }

  /** Client sidecar A, server sidecar B (orders.shop's endpoint), B's backend. */
  record Hop(Sidecar a, Sidecar b, RecordingBackend backend, int inboundPort) {}

  /**
   * Publishes orders.shop with auto mTLS and starts its backend, sidecar B ({@code sa/orders} on
   * 127.0.0.2) in front of it and sidecar A ({@code sa/frontend} on 127.0.0.1); returns once a GET
   * through A reached the backend (under the policies written before, which must allow it).
   */
  Hop startHop(boolean serverOverMtls) {
    return startHop(serverOverMtls, "");
  }

  /** {@link #startHop(boolean)} with both sidecars renewing at {@code certRotation} ("": default). */
  Hop startHop(boolean serverOverMtls, String certRotation) {
    RecordingBackend backend = add(RecordingBackend.start());
    int inbound = freePort();
    publishOrders(inbound, true);
    Sidecar.Spec server =
        Sidecar.Spec.server("orders", "orders", "127.0.0.2", inbound, backend.port())
            .renewingAt(certRotation);
    Sidecar b = start(serverOverMtls ? server.overMtls() : server);
    Sidecar a = start(
        Sidecar.Spec.client("frontend", "frontend", "127.0.0.1").renewingAt(certRotation));
    MeshClient client = new MeshClient(ordersPort);
    await("a GET through A and B")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> client.via(a, "GET", "/api/orders") == 200);
    return new Hop(a, b, backend, inbound);
  }

  /** Something else to close with the mesh (backends, clients). */
  <T extends AutoCloseable> T add(T resource) {
    running.add(resource);
    return resource;
  }

  JsonNode post(String path, String json) {
    try {
      String token = Files.readString(caDir.resolve("admin-token")).trim();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      return send(request);
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).build());
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new AssertionError(request.method() + " " + request.uri() + ": " + r.statusCode()
            + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.uri().toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until every sidecar given serves a config whose dump contains {@code text}. */
  static void awaitConfig(String text, Sidecar... sidecars) {
    for (Sidecar s : sidecars) {
      await(s.name() + "'s config has " + text)
          .atMost(Duration.ofSeconds(30))
          .until(() -> s.configDump().contains(text));
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing " + running.get(i), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    running.clear();
    try {
      stopPilot();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  static void write(Path dir, String name, String content) {
    try {
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** See {@link UnusedPorts}: never one a port-0 bind can take meanwhile. */
  static int freePort() {
    return UnusedPorts.next();
  }
}
