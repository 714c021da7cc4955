package io.meshbridge.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root rotation through pilot's REST API ({@code POST /v1/ca/rotate-root}) while a client loop
 * runs through both proxies over auto mTLS: workload certificates live 1 minute, so with the
 * default rotation point (0.8 of the lifetime, which pilot backdates by 1 minute) both proxies
 * renew onto the new root inside the overlap, and not one request fails.
 */
class RootRotationIT {

  @Test
  void noRequestFailsWhileTheRootRotatesAndBothProxiesRenewOntoTheNewRoot(@TempDir Path dir)
      throws Exception {
    try (SecureMesh mesh = new SecureMesh(dir)) {
      mesh.startPilot("1m");
      SecureMesh.Hop hop = mesh.startHop(true);
      MeshClient client = new MeshClient(mesh.ordersPort);
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService loop = Executors.newSingleThreadExecutor();
      Future<?> requests = loop.submit(() -> {
        while (running.get()) {
          try {
            (client.via(hop.a(), "GET", "/api/orders") == 200 ? ok : failed).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
        return null;
      });
      try {
        long aIssued = hop.a().counter("identity_certificates_issued_total");
        long bIssued = hop.b().counter("identity_certificates_issued_total");
        mesh.post("/v1/ca/rotate-root", "{\"overlap\": \"1h\"}");
        assertThat(mesh.get("/v1/ca/roots").get("roots").asInt()).isEqualTo(2);

        await("both proxies renewed onto the new root")
            .atMost(Duration.ofSeconds(90))
            .until(() -> hop.a().counter("identity_certificates_issued_total") > aIssued
                && hop.b().counter("identity_certificates_issued_total") > bIssued);
        long afterRenewal = ok.get();
        await("requests after both renewals").atMost(Duration.ofSeconds(30))
            .until(() -> ok.get() > afterRenewal + 20);
      } finally {
        running.set(false);
        requests.get();
        loop.shutdown();
      }
      assertThat(failed.get()).as("failed of %d requests", ok.get() + failed.get()).isZero();
      assertThat(hop.backend().lastXfcc()).hasValueSatisfying(
          xfcc -> assertThat(xfcc).contains("URI=" + hop.a().spiffeId()));
    }
  }
}
