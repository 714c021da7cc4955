package io.meshbridge.launcher;

import io.dropwizard.core.setup.Environment;
import io.meshbridge.pilot.PilotApplication;
import io.meshbridge.pilot.PilotConfiguration;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;

/**
 * The full Dropwizard pilot (xDS and REST API) run inside this JVM, with a handle to stop it: the
 * quickstart and the end-to-end tests run pilot exactly as {@code meshbridge pilot} does.
 */
public final class EmbeddedPilot implements AutoCloseable {

  private final Server server;

  private EmbeddedPilot(Server server) {
    this.server = server;
  }

  /** Runs {@code server <config>}; returns once pilot serves xDS and its REST API. */
  public static EmbeddedPilot start(Path config) {
    CompletableFuture<Server> started = new CompletableFuture<>();
    PilotApplication app =
        new PilotApplication() {
          @Override
          public void run(PilotConfiguration configuration, Environment environment) {
            super.run(configuration, environment);
            environment.lifecycle().addServerLifecycleListener(started::complete);
          }

          @Override
          protected void onFatalError(Throwable t) {
            started.completeExceptionally(t);
          }
        };
    try {
      app.run("server", config.toString());
      return new EmbeddedPilot(started.get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      throw new IllegalStateException("pilot failed to start: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("pilot did not start within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting pilot", e);
    } catch (Exception e) {
      throw new IllegalStateException("pilot failed to start: " + e.getMessage(), e);
    }
  }

  /** Stops the REST API, the xDS server and the registries (Dropwizard's managed objects). */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("pilot did not stop cleanly", e);
    }
  }
}
