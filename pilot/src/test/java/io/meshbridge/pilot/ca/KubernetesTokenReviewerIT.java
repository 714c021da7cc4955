package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes workloads authenticate with their service-account token: pilot POSTs a TokenReview
 * to the API server (fabric8's mock server in expectation mode, on loopback) and signs for the
 * service account it names.
 */
class KubernetesTokenReviewerIT {

  static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmRlcnMifQ.c2lnbmF0dXJl";

  @TempDir Path directory;
  KubernetesMockServer apiServer;
  KubernetesClient client;
  CertificateAuthority ca;

  @BeforeEach
  void start() {
    apiServer = new KubernetesMockServer(false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + apiServer.getPort() + "/")
            .withHttp2Disable(true)
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout(5_000)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    ca =
        CertificateAuthority.open(
            CaOptions.defaults(directory), new KubernetesTokenReviewer(client, List.of()), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    apiServer.destroy();
  }

  @Test
  void anAuthenticatedServiceAccountGetsItsOwnIdentity() throws Exception {
    apiServer.expect().post().withPath(PATH).andReturn(201, answer(true, "system:serviceaccount:shop:orders")).once();

    List<String> chain = ca.sign(Credentials.bearer(JWT, "pod"), Csrs.csr(Certificates.newKeyPair(), CertificateAuthorityTest.ORDERS), 0);

    X509Certificate leaf = Pem.certificates("leaf", chain.get(0)).get(0);
    assertThat(CertificateAuthorityTest.uriSans(leaf)).containsExactly("spiffe://cluster.local/ns/shop/sa/orders");
    RecordedRequest request = apiServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo(PATH);
    assertThat(request.getBody().readUtf8()).contains("\"token\":\"" + JWT + "\"");
  }

  @Test
  void aServiceAccountCannotAskForAnotherIdentity() {
    apiServer.expect().post().withPath(PATH).andReturn(201, answer(true, "system:serviceaccount:shop:orders")).once();

    assertThatThrownBy(() -> ca.sign(Credentials.bearer(JWT, "pod"), Csrs.csr(Certificates.newKeyPair(), CertificateAuthorityTest.PAYMENTS), 0))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.IDENTITY_MISMATCH));
  }

  @Test
  void anUnauthenticatedTokenOrAUserThatIsNoServiceAccountIsRefused() {
    apiServer.expect().post().withPath(PATH).andReturn(201, answer(false, null)).once();
    apiServer.expect().post().withPath(PATH).andReturn(201, answer(true, "alice")).once();
    apiServer.expect().post().withPath(PATH).andReturn(403, "{}").once();
    String csr = Csrs.csr(Certificates.newKeyPair(), CertificateAuthorityTest.ORDERS);

    assertThatThrownBy(() -> ca.sign(Credentials.bearer(JWT, "pod"), csr, 0))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.KUBERNETES_TOKEN_REJECTED))
        .hasMessageContaining("not authenticated: token expired");
    assertThatThrownBy(() -> ca.sign(Credentials.bearer(JWT, "pod"), csr, 0))
        .hasMessageContaining("user 'alice' (expected: system:serviceaccount:<namespace>:<name>)");
    assertThat(ca.metrics().refused(Refusal.KUBERNETES_TOKEN_REJECTED)).isEqualTo(2);
    // The API server refusing pilot itself is pilot's problem, not the caller's.
    assertThatThrownBy(() -> ca.sign(Credentials.bearer(JWT, "pod"), csr, 0))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.INTERNAL))
        .hasMessageContaining("the API server did not answer (403)");
  }

  private static TokenReview answer(boolean authenticated, String user) {
    return new TokenReviewBuilder()
        .withNewStatus()
        .withAuthenticated(authenticated)
        .withError(authenticated ? null : "token expired")
        .withNewUser()
        .withUsername(user)
        .endUser()
        .endStatus()
        .build();
  }
}
