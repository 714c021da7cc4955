package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.pilot.testing.AdsClient;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.meshbridge.pilot.PilotApplication;
import io.meshbridge.pilot.PilotConfiguration;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pilot with {@code ca:} configured: the root and admin token appear, POST /v1/tokens works. */
class CaApplicationIT {

  @TempDir Path directory;
  DropwizardTestSupport<PilotConfiguration> app;
  Client client;
  int caPort;

  @BeforeEach
  void start() throws Exception {
    start(ConfigOverride.config("admin.readRequiresAuth", "false"));
    client = ClientBuilder.newClient();
  }

  private void start(ConfigOverride extra) throws Exception {
    app =
        new DropwizardTestSupport<>(
            PilotApplication.class,
            ResourceHelpers.resourceFilePath("ca-app-it.yaml"),
            ConfigOverride.config("ca.directory", directory.toString()),
            ConfigOverride.config("ca.port", String.valueOf(caPort = freePort())),
            extra);
    app.before();
  }

  @AfterEach
  void stop() {
    client.close();
    app.after();
  }

  @Test
  void readsAreOpenAndEveryWriteNeedsTheAdminToken() throws IOException {
    assertThat(get("/v1/services", null).getStatus()).isEqualTo(200);
    assertThat(get("/v1/ca/roots", null).readEntity(JsonNode.class).get("roots").asInt()).isEqualTo(1);

    Response refused = post("/v1/ca/rotate-root", null, Map.of("overlap", "48h"));
    assertThat(refused.getStatus()).isEqualTo(401);
    assertThat(refused.readEntity(JsonNode.class).get("message").asText()).startsWith("NO_CREDENTIALS:");
    assertThat(post("/v1/ca/rotate-root", "wrong-wrong-wrong-wrong", Map.of("overlap", "48h")).getStatus())
        .isEqualTo(401);
    // Dropwizard's admin tasks change state too.
    assertThat(post("/admin/tasks/gc", null, Map.of()).getStatus()).isEqualTo(401);
    assertThat(app.getEnvironment().metrics().counter("meshbridge.admin.refused.NO_CREDENTIALS").getCount())
        .isEqualTo(2);
    assertThat(app.getEnvironment().metrics().counter("meshbridge.admin.refused.WRONG_TOKEN").getCount())
        .isEqualTo(1);

    Response rotated = post("/v1/ca/rotate-root", adminToken(), Map.of("overlap", "48h"));
    assertThat(rotated.getStatus()).isEqualTo(200);
    assertThat(rotated.readEntity(JsonNode.class).get("roots").asInt()).isEqualTo(2);
    assertThat(post("/v1/ca/rotate-root", adminToken(), Map.of("overlap", "48h")).getStatus()).isEqualTo(409);
    assertThat(directory.resolve(RootRotation.STATE)).exists();
  }

  @Test
  void withReadRequiresAuthReadsNeedTheAdminTokenToo() throws Exception {
    app.after();
    start(ConfigOverride.config("admin.readRequiresAuth", "true"));
    assertThat(get("/v1/services", null).getStatus()).isEqualTo(401);
    assertThat(get("/admin/metrics", null).getStatus()).isEqualTo(401);
    assertThat(get("/v1/services", adminToken()).getStatus()).isEqualTo(200);
  }

  @Test
  void withoutPlaintextXdsTheTlsPortServesAdsToMeshCertificates() throws Exception {
    app.after();
    start(ConfigOverride.config("xds.plaintext", "false"));
    PilotApplication application = app.getApplication();
    assertThat(application.pilot().xdsPort()).isEqualTo(-1);

    // A VM's way in: a join token from the REST API, a CSR on the TLS port, then ADS with mTLS.
    JsonNode created =
        post("/v1/tokens", adminToken(), Map.of("namespace", "shop", "serviceAccount", "orders"))
            .readEntity(JsonNode.class);
    SpiffeId orders = SpiffeId.parse(created.get("identity").asText());
    KeyPair keys = Certificates.newKeyPair();
    ManagedChannel anonymous = tlsChannel(null, null);
    List<X509Certificate> chain =
        CaCalls.create(anonymous, created.get("token").asText(), Csrs.csr(keys, orders));
    ManagedChannel mesh = tlsChannel(keys, chain);
    try (AdsClient ads =
        new AdsClient(
            mesh, Node.newBuilder().setId("vm-1").build())) {
      ads.subscribe(Resources.V3.SECRET_TYPE_URL, "ROOTCA");
      Secret rootca =
          ads.next().getResources(0).unpack(Secret.class);
      assertThat(rootca.getValidationContext().getTrustedCa().getInlineString())
          .isEqualTo(created.get("rootCert").asText());
      await().untilAsserted(() ->
          assertThat(get("/v1/proxies", null).readEntity(JsonNode.class).get("proxies").get(0).get("identity").asText())
              .isEqualTo(orders.uri()));
    } finally {
      anonymous.shutdownNow();
      mesh.shutdownNow();
    }
    assertThat(app.getEnvironment().metrics().getGauges().get("meshbridge.xds.authenticated").getValue())
        .isEqualTo(1L);
  }

  private ManagedChannel tlsChannel(
      KeyPair keys, List<X509Certificate> chain) throws Exception {
    var tls = GrpcSslContexts.forClient()
        .trustManager(Pem.certificates("root", Files.readString(directory.resolve(CaStore.ROOT_CERT))));
    if (keys != null) {
      tls.keyManager(keys.getPrivate(), chain);
    }
    return NettyChannelBuilder.forAddress("127.0.0.1", caPort)
        .overrideAuthority("localhost")
        .sslContext(tls.build())
        .build();
  }

  private Response get(String path, String admin) {
    var request = client.target("http://127.0.0.1:" + app.getLocalPort() + path).request();
    if (admin != null) {
      request = request.header("Authorization", "Bearer " + admin);
    }
    return request.get();
  }

  private Response post(String path, String admin, Map<String, String> body) {
    if (path.equals("/v1/tokens")) {
      return post(admin, body);
    }
    int port = path.startsWith("/admin") ? app.getAdminPort() : app.getLocalPort();
    var request = client.target("http://127.0.0.1:" + port + path).request();
    if (admin != null) {
      request = request.header("Authorization", "Bearer " + admin);
    }
    return request.post(Entity.json(body));
  }

  @Test
  void theRootAndTheAdminTokenAreCreatedAndTheConfigIsRead() {
    assertThat(directory.resolve(CaStore.ROOT_CERT)).exists();
    assertThat(directory.resolve(AdminToken.FILE)).exists();
    CaOptions options = app.getConfiguration().ca().options();
    assertThat(options.trustDomain()).isEqualTo("mesh.example");
    assertThat(options.workloadCertTtl()).hasHours(2);
    assertThat(options.revoked()).containsExactly(SpiffeId.parse("spiffe://mesh.example/ns/shop/sa/retired"));
    assertThat(app.getEnvironment().metrics().getGauges()).containsKey("meshbridge.ca.refused.REVOKED");
  }

  @Test
  void anAdminCreatesAJoinTokenForOneIdentity() throws IOException {
    Response created = post(adminToken(), Map.of("namespace", "shop", "serviceAccount", "orders", "ttl", "1h"));
    assertThat(created.getStatus()).isEqualTo(200);
    JsonNode body = created.readEntity(JsonNode.class);
    assertThat(body.get("token").asText()).startsWith(JoinTokens.PREFIX);
    assertThat(body.get("identity").asText()).isEqualTo("spiffe://mesh.example/ns/shop/sa/orders");
    assertThat(body.get("rootCert").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(directory.resolve(JoinTokens.FILE))).doesNotContain(body.get("token").asText());
  }

  @Test
  void withoutTheAdminTokenOrWithBadFieldsNothingIsCreated() throws IOException {
    Map<String, String> good = Map.of("namespace", "shop", "serviceAccount", "orders");
    assertThat(post(null, good).getStatus()).isEqualTo(401);
    assertThat(post("wrong-wrong-wrong-wrong", good).getStatus()).isEqualTo(401);

    Response badTtl = post(adminToken(), Map.of("namespace", "shop", "serviceAccount", "orders", "ttl", "forever"));
    assertThat(badTtl.getStatus()).isEqualTo(400);
    assertThat(badTtl.readEntity(JsonNode.class).get("message").asText()).startsWith("ttl: 'forever'");
    Response noAccount = post(adminToken(), Map.of("namespace", "shop"));
    assertThat(noAccount.readEntity(JsonNode.class).get("message").asText()).isEqualTo("serviceAccount: missing");
    Response badNamespace = post(adminToken(), Map.of("namespace", "a/b", "serviceAccount", "orders"));
    assertThat(badNamespace.readEntity(JsonNode.class).get("message").asText()).startsWith("namespace: 'a/b'");
    assertThat(directory.resolve(JoinTokens.FILE)).doesNotExist();
  }

  private Response post(String admin, Map<String, String> body) {
    var request = client.target("http://127.0.0.1:" + app.getLocalPort() + "/v1/tokens").request();
    if (admin != null) {
      request = request.header("Authorization", "Bearer " + admin);
    }
    return request.post(Entity.json(body));
  }

  private String adminToken() throws IOException {
    return Files.readString(directory.resolve(AdminToken.FILE)).trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
