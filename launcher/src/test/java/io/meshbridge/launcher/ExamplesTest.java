package io.meshbridge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import io.meshbridge.registry.file.FileRegistry;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's example files stay valid: what it tells people to run is what is tested. */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void pilotConfigIsValid() {
    assertThat(PilotConfigurations.load(EXAMPLES.resolve("pilot.yaml")).pilotOptions().xdsPort())
        .isEqualTo(15010);
  }

  @Test
  void proxyBootstrapIsValid() throws Exception {
    ProxyBootstrap bootstrap = BootstrapLoader.load(EXAMPLES.resolve("proxy.yaml"));
    assertThat(bootstrap.node().getId()).isEqualTo("example-proxy");
    assertThat(bootstrap.xdsServers()).hasSize(1);
  }

  @Test
  void registryHasTheHelloServiceWithoutProblems() throws Exception {
    CompletableFuture<RegistrySnapshot> first = new CompletableFuture<>();
    try (FileRegistry registry = new FileRegistry("files", EXAMPLES.resolve("registry"))) {
      registry.start(first::complete);
      RegistrySnapshot snapshot = first.get(10, TimeUnit.SECONDS);
      assertThat(snapshot.problems()).isEmpty();
      assertThat(snapshot.services()).hasSize(1);
      assertThat(snapshot.endpoints()).hasSize(2);
    }
  }
}
