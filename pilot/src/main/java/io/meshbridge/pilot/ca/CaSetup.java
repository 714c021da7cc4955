package io.meshbridge.pilot.ca;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Puts the CA into pilot's Dropwizard application: the CA gRPC server as a managed object, its
 * metrics, and {@code POST /v1/tokens}.
 */
public final class CaSetup {

  /**
   * Opens the CA (creating the root on first start) and registers it.
   *
   * @return the CA, for tests
   * @throws CaConfigException naming the file or setting that does not work
   */
  public static CertificateAuthority install(CaOptions options, Environment environment) {
    KubernetesClient kubernetes =
        options.kubernetesTokenReview() ? new KubernetesClientBuilder().build() : null;
    TokenReviewer reviewer =
        kubernetes == null ? null : new KubernetesTokenReviewer(kubernetes, List.of());
    CertificateAuthority ca = CertificateAuthority.open(options, reviewer, Clock.systemUTC());
    AdminToken adminToken = AdminToken.loadOrCreate(options.directory());
    CaServer server = new CaServer(ca);
    environment.lifecycle().manage(managed(server, kubernetes));
    ca.metrics().register(environment.metrics());
    environment.jersey().register(new TokensResource(ca, adminToken));
    return ca;
  }

  private static Managed managed(CaServer server, @Nullable KubernetesClient kubernetes) {
    return new Managed() {
      @Override
      public void start() {
        server.start();
      }

      @Override
      public void stop() {
        server.stop();
        if (kubernetes != null) {
          kubernetes.close();
        }
      }
    };
  }

  private CaSetup() {}
}
