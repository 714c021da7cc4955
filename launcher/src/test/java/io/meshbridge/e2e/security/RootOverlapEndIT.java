package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshbridge.pilot.ca.SigningAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root rotation to its end: {@code POST /v1/ca/rotate-root} with a 45 s overlap while a client
 * loop runs through both proxies over auto mTLS (B also talks to pilot over mTLS). Certificates
 * live a minute and are renewed at a quarter of that, so both proxies are on the new root well
 * before the overlap ends; when it ends pilot drops the old root from ROOTCA and reissues its
 * serving certificate. Not one request fails across the whole rotation, a sidecar started after
 * it still gets through, and a certificate signed by the old root alone, accepted by B's inbound
 * listener during the overlap, is refused afterwards (handshake error, counted).
 */
class RootOverlapEndIT {

  @Test
  void noRequestFailsThroughTheEndOfTheOverlapAfterWhichTheOldRootIsRefused(@TempDir Path dir)
      throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("1m");
      SecureMesh.Hop hop = mesh.startHop(true, "0.25");
      Sidecar a = hop.a();
      Sidecar b = hop.b();
      SigningAuthority oldRoot = TestPki.readCa(
          mesh.caDir.resolve("root-cert.pem"), mesh.caDir.resolve("root-key.pem"));
      // a workload identity signed by the old root only, presented straight to B's inbound port
      SSLContext oldIdentity = TestPki.context(
          TestPki.leaf(oldRoot, TestPki.uri("spiffe://cluster.local/ns/shop/sa/legacy")), List.of());
      String authority = SecureMesh.ORDERS_HOST + ":" + mesh.ordersPort;
      assertThat(TestPki.httpsGet(oldIdentity, hop.inboundPort(), authority, "/before"))
          .isEqualTo(200);

      MeshClient client = new MeshClient(mesh.ordersPort);
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService loop = Executors.newSingleThreadExecutor();
      Future<?> requests = loop.submit(() -> {
        while (running.get()) {
          try {
            (client.via(a, "GET", "/api/orders") == 200 ? ok : failed).incrementAndGet();
          } catch (IOException e) {
            failed.incrementAndGet();
          }
        }
        return null;
      });
      try {
        long aIssued = a.counter("identity_certificates_issued_total");
        long bIssued = b.counter("identity_certificates_issued_total");
        mesh.post("/v1/ca/rotate-root", "{\"overlap\": \"45s\"}");
        assertThat(mesh.get("/v1/ca/roots").get("roots").asInt()).isEqualTo(2);
        assertThat(TestPki.httpsGet(oldIdentity, hop.inboundPort(), authority, "/overlap"))
            .as("the old root is still trusted during the overlap").isEqualTo(200);

        await("both proxies renewed onto the new root")
            .atMost(Duration.ofSeconds(40))
            .until(() -> a.counter("identity_certificates_issued_total") > aIssued
                && b.counter("identity_certificates_issued_total") > bIssued);

        await("the overlap ended").atMost(Duration.ofSeconds(60))
            .until(() -> mesh.get("/v1/ca/roots").get("roots").asInt() == 1);
        String oldRootText = pemLineOf(oldRoot);
        await("ROOTCA without the old root at A and B").atMost(Duration.ofSeconds(30))
            .until(() -> !a.configDump().contains(oldRootText)
                && !b.configDump().contains(oldRootText));
        long afterEnd = ok.get();
        await("requests after the end of the overlap").atMost(Duration.ofSeconds(30))
            .until(() -> ok.get() > afterEnd + 50);
      } finally {
        running.set(false);
        requests.get();
        loop.shutdown();
      }
      assertThat(failed.get()).as("failed of %d requests", ok.get() + failed.get()).isZero();

      Sidecar late = mesh.start(Sidecar.Spec.client("late", "late", "127.0.0.3"));
      await("a sidecar started after the rotation").atMost(Duration.ofSeconds(30))
          .ignoreExceptions().until(() -> client.via(late, "GET", "/api/orders") == 200);

      long handshakeErrors = b.counter("ssl_handshake_error_total{listener");
      assertThatThrownBy(() -> TestPki.httpsGet(oldIdentity, hop.inboundPort(), authority, "/after"))
          .as("a certificate of the old root after the overlap").isInstanceOf(IOException.class);
      await("B counted the failed handshake").atMost(Duration.ofSeconds(10))
          .until(() -> b.counter("ssl_handshake_error_total{listener") > handshakeErrors);
      assertThat(hop.backend().lastXfcc()).hasValueSatisfying(
          xfcc -> assertThat(xfcc).doesNotContain("sa/legacy"));
    }
  }

  /**
   * The last full 64-character line of the root's PEM, inside its key or signature (the first
   * lines are the same for every root pilot makes: same names), as ROOTCA shows it in a dump.
   */
  private static String pemLineOf(SigningAuthority root) throws CertificateEncodingException {
    String base64 = Base64.getEncoder().encodeToString(root.signingCertificate().getEncoded());
    int line = base64.length() / 64 - 1;
    return base64.substring(64 * line, 64 * line + 64);
  }
}
