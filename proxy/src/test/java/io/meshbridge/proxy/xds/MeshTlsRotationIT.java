package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.MeshTlsFixture.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.TestCa;
import io.meshbridge.proxy.testing.TlsClients;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation while a client loop runs through two proxies over mTLS: new identities (a new {@code
 * default} secret version), then a root rotation with an overlap bundle in {@code ROOTCA}. No
 * request fails, and a connection opened before keeps working with the certificate it started with.
 */
class MeshTlsRotationIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final TestCa oldCa = TestCa.create("old-root");
  private final TestCa newCa = TestCa.create("new-root");
  private MeshTlsFixture mesh;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private Thread loop;

  @BeforeEach
  void start() {
    mesh = new MeshTlsFixture();
    mesh.identities(oldCa);
    mesh.push(true, oldCa.rootPem());
    Client client = mesh.outbound();
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
        assertThat(client.get("svc.shop.mesh", "/").body()).isEqualTo("svc"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    running.set(false);
    if (loop != null) {
      loop.join();
    }
    mesh.close();
  }

  @Test
  void rotationsFailNoRequestAndLeaveOpenConnectionsAlone() throws Exception {
    SSLSocket before = TlsClients.connect(
        TlsClients.context(oldCa.issue(CLIENT_ID), oldCa.root()), "127.0.0.3", mesh.inPort);
    assertThat(TlsClients.get(before, "/")).startsWith("HTTP/1.1 200");
    X509Certificate servedBefore = (X509Certificate) before.getSession().getPeerCertificates()[0];
    startLoop();

    mesh.identities(oldCa); // a new `default` version from the same root
    progress();

    mesh.push(true, oldCa.rootPem() + newCa.rootPem()); // the overlap: both roots trusted
    awaitRoots(mesh.client, 2);
    awaitRoots(mesh.server, 2);
    progress();
    mesh.identities(newCa);
    progress();
    mesh.push(true, newCa.rootPem()); // the overlap ends
    awaitRoots(mesh.client, 1);
    awaitRoots(mesh.server, 1);
    progress();

    running.set(false);
    loop.join();
    assertThat(failed.get()).as("failed requests of %d", ok.get() + failed.get()).isZero();

    assertThat(TlsClients.get(before, "/")).as("the connection opened before the rotations")
        .startsWith("HTTP/1.1 200").endsWith("svc");
    assertThat(before.getSession().getPeerCertificates()[0]).isEqualTo(servedBefore);
    before.close();
    try (SSLSocket after = TlsClients.connect(
        TlsClients.context(newCa.issue(CLIENT_ID), newCa.root()), "127.0.0.3", mesh.inPort)) {
      assertThat(TlsClients.get(after, "/")).startsWith("HTTP/1.1 200");
      X509Certificate served = (X509Certificate) after.getSession().getPeerCertificates()[0];
      assertThat(served.getIssuerX500Principal()).isEqualTo(newCa.root().getSubjectX500Principal());
    }
  }

  private void startLoop() {
    Client client = mesh.outbound();
    loop = new Thread(() -> {
      while (running.get()) {
        try {
          HttpResponse<String> r = client.get("svc.shop.mesh", "/");
          (r.statusCode() == 200 ? ok : failed).incrementAndGet();
        } catch (RuntimeException e) {
          failed.incrementAndGet();
        }
      }
    }, "client-loop");
    loop.start();
  }

  /** Waits for a few more requests to go through the loop. */
  private void progress() {
    int target = ok.get() + 5;
    await().atMost(WAIT).until(() -> ok.get() >= target || failed.get() > 0);
  }

  private static void awaitRoots(ProxyServer proxy, int count) {
    await().atMost(WAIT).untilAsserted(() -> {
      TlsSecret roots = proxy.dataPlane().tlsContexts().adsSecrets().get("ROOTCA");
      assertThat(roots).isNotNull();
      assertThat(roots.trustedCas()).hasSize(count);
    });
  }
}
