package io.meshbridge.pilot;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.meshbridge.pilot.api.AutoRegisteredResource;
import io.meshbridge.pilot.api.ConfigResource;
import io.meshbridge.pilot.api.ProxiesResource;
import io.meshbridge.pilot.api.RegistriesResource;
import io.meshbridge.pilot.api.ServicesResource;
import io.meshbridge.pilot.api.AdminAuthFilter;
import io.meshbridge.pilot.ca.AdminToken;
import io.meshbridge.pilot.ca.CaOptions;
import io.meshbridge.pilot.ca.CaSetup;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.config.AdminFactory;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import io.meshbridge.pilot.config.EmptyAsDefaultsConfigurationFactory;
import org.jspecify.annotations.Nullable;

/**
 * Pilot as a Dropwizard service: {@code java -cp ... io.meshbridge.pilot.PilotApplication server
 * pilot.yaml}.
 *
 * <p>Lifecycle: Dropwizard starts managed objects in registration order and stops them in reverse.
 * Pilot's core is registered first (so it is closed last), then the xDS server, then each registry:
 * registries stop before the xDS server, which stops before pilot's thread.
 */
public class PilotApplication extends Application<PilotConfiguration> {

  private volatile @Nullable Pilot pilot;

  public static void main(String[] args) throws Exception {
    new PilotApplication().run(args);
  }

  @Override
  public String getName() {
    return "meshbridge-pilot";
  }

  @Override
  public void initialize(Bootstrap<PilotConfiguration> bootstrap) {
    bootstrap.setConfigurationFactoryFactory(EmptyAsDefaultsConfigurationFactory::new);
  }

  @Override
  public void run(PilotConfiguration configuration, Environment environment) {
    configuration.requireXdsServed();
    Pilot pilot = configuration.buildPilot();
    this.pilot = pilot;
    environment.lifecycle().manage(managed(() -> {}, pilot::close));
    if (pilot.options().xdsPlaintext()) {
      environment.lifecycle().manage(managed(pilot.xdsServer()::start, pilot.xdsServer()::stop));
    }
    for (RegistryHandle registry : pilot.registries()) {
      environment.lifecycle().manage(managed(registry::start, registry::stop));
    }
    environment.healthChecks().register("xds", new XdsHealthCheck(pilot));
    RegistryMetrics.register(environment.metrics(), pilot);
    environment.jersey().register(new ServicesResource(pilot));
    environment.jersey().register(new RegistriesResource(pilot));
    environment.jersey().register(new ProxiesResource(pilot));
    environment.jersey().register(new ConfigResource(pilot));
    environment.jersey().register(new AutoRegisteredResource(pilot));
    CertificateAuthority ca = null;
    AdminToken adminToken = null;
    if (configuration.ca().enabled()) {
      CaOptions options = configuration.ca().options();
      ca = CaSetup.install(options, environment, pilot::secureServer);
      adminToken = AdminToken.loadOrCreate(options.directory());
    }
    AdminFactory admin = configuration.admin();
    AdminAuthFilter auth =
        new AdminAuthFilter(
            adminToken, ca, admin.identities(), admin.readRequiresAuth(), environment.metrics());
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    environment.servlets().addFilter("admin-auth", auth).addMappingForUrlPatterns(requests, true, "/*");
    environment.admin().addFilter("admin-auth", auth).addMappingForUrlPatterns(requests, true, "/*");
  }

  /** The pilot this application runs, once {@link #run} has built it (for tests). */
  public @Nullable Pilot pilot() {
    return pilot;
  }

  private static Managed managed(Runnable start, Runnable stop) {
    return new Managed() {
      @Override
      public void start() {
        start.run();
      }

      @Override
      public void stop() {
        stop.run();
      }
    };
  }
}
