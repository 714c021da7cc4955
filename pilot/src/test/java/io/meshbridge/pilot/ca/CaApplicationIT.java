package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

  @BeforeEach
  void start() throws Exception {
    app =
        new DropwizardTestSupport<>(
            PilotApplication.class,
            ResourceHelpers.resourceFilePath("ca-app-it.yaml"),
            ConfigOverride.config("ca.directory", directory.toString()),
            ConfigOverride.config("ca.port", String.valueOf(freePort())));
    app.before();
    client = ClientBuilder.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    app.after();
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
