package io.meshbridge.pilot.ca;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Puts the CA into pilot's Dropwizard application: the TLS server (CA, and xDS as {@code server}
 * builds it) as a managed object, its metrics, {@code POST /v1/tokens} and the root rotation
 * resource. Those resources do not check the admin token themselves: the application's {@code
 * AdminAuthFilter} does, for every state-changing request.
 */
public final class CaSetup {

  /**
   * Opens the CA (creating the root on first start) and registers it.
   *
   * @return the CA, for tests
   * @throws CaConfigException naming the file or setting that does not work
   */
  public static CertificateAuthority install(
      CaOptions options, Environment environment, Function<CertificateAuthority, CaServer> server) {
    KubernetesClient kubernetes =
        options.kubernetesTokenReview() ? new KubernetesClientBuilder().build() : null;
    TokenReviewer reviewer =
        kubernetes == null ? null : new KubernetesTokenReviewer(kubernetes, List.of());
    CertificateAuthority ca = CertificateAuthority.open(options, reviewer, Clock.systemUTC());
    environment.lifecycle().manage(managed(server.apply(ca), kubernetes));
    ca.metrics().register(environment.metrics());
    environment.jersey().register(new TokensResource(ca));
    environment.jersey().register(new RootsResource(ca));
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
