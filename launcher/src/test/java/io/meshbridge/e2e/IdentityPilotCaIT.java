package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.pilot.ca.CaOptions;
import io.meshbridge.pilot.ca.CaServer;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.identity.IdentityProvider;
import io.meshbridge.proxy.identity.IdentitySettings;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's identity provider against pilot's real CA over TLS on loopback: the first CSR with a
 * one-time join token, renewal with the current certificate (the token is spent by then), and a
 * restart that reuses the stored identity without a CSR.
 */
class IdentityPilotCaIT {

  private static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");

  @Test
  void joinsWithATokenRenewsWithItsCertificateAndSurvivesARestart(
      @TempDir Path caDir, @TempDir Path vm) throws Exception {
    CaOptions options =
        CaOptions.defaults(caDir).withWorkloadCertTtl(Duration.ofMinutes(1)).withPort(0);
    CertificateAuthority ca = CertificateAuthority.open(options, null, Clock.systemUTC());
    CaServer server = new CaServer(ca);
    server.start();
    try {
      Path root = vm.resolve("root-cert.pem");
      Files.writeString(root, ca.rootsPem());
      Path token = vm.resolve("join-token");
      Files.writeString(token, ca.joinTokens().create(ORDERS, Duration.ofHours(1)).token());
      IdentitySettings settings = new IdentitySettings(new HostPort("127.0.0.1", server.port()),
          root, token, vm.resolve("identity"), 0.1, ORDERS.uri());
      List<TlsSecret> served = new CopyOnWriteArrayList<>();

      try (IdentityProvider provider =
          IdentityProvider.create(settings, served::add, new StatsRegistry(), List::of)) {
        provider.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> served.size() >= 2);
      }
      assertThat(served.get(0).chain().get(0).getSubjectAlternativeNames())
          .anyMatch(san -> ORDERS.uri().equals(san.get(1)));
      assertThat(served.get(1).key()).isNotEqualTo(served.get(0).key());
      assertThat(ca.metrics().issued()).isGreaterThanOrEqualTo(2); // the renewal used no token

      long issued = ca.metrics().issued();
      List<TlsSecret> afterRestart = new CopyOnWriteArrayList<>();
      IdentitySettings longLived = new IdentitySettings(settings.ca(), root, token,
          settings.identityDir(), 0.99, ORDERS.uri());
      try (IdentityProvider restarted =
          IdentityProvider.create(longLived, afterRestart::add, new StatsRegistry(), List::of)) {
        restarted.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !afterRestart.isEmpty());
      }
      assertThat(afterRestart.get(0).chain()).isEqualTo(served.get(served.size() - 1).chain());
      assertThat(ca.metrics().issued()).isEqualTo(issued); // reused from the file, no CSR
    } finally {
      server.stop();
    }
  }
}
