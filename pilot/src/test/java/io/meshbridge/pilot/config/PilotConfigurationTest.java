package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.debounce.DebounceSettings;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PilotConfigurationTest {

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, yaml);
    return PilotConfigurations.load(file);
  }

  @Test
  void emptyFileGivesTheDefaults() throws IOException {
    PilotConfiguration config = load("");

    assertThat(config.pilotOptions()).isEqualTo(PilotOptions.defaults());
    assertThat(config.pilotOptions().debounce()).isEqualTo(DebounceSettings.DEFAULT);
    assertThat(config.registries()).isEmpty();
    SimpleServerFactory server = (SimpleServerFactory) config.getServerFactory();
    HttpConnectorFactory connector = (HttpConnectorFactory) server.getConnector();
    assertThat(connector.getBindHost()).isEqualTo("127.0.0.1");
    assertThat(connector.getPort()).isEqualTo(15014);
    assertThat(server.getAdminContextPath()).isEqualTo("/admin");
  }

  @Test
  void securitySettingsComeFromSecurityAndCa() throws IOException {
    assertThat(load("").pilotOptions().security())
        .isEqualTo(new SecuritySettings("cluster.local", "istio-system"));
    PilotConfiguration config =
        load("security: {rootNamespace: mesh-root}\nca: {trustDomain: example.org}\n");
    assertThat(config.pilotOptions().security())
        .isEqualTo(new SecuritySettings("example.org", "mesh-root"));
    assertThatThrownBy(() -> load("security: {rootNamespace: ''}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("security.rootNamespace");
  }

  @Test
  void fullExampleParses() throws IOException {
    PilotConfiguration config =
        load(
            """
            xds:
              bindAddress: 0.0.0.0
              port: 16010
            debounce:
              quietPeriod: 50ms
              maxDelay: 2s
            registries:
              - type: memory
                id: k8s-east
              - type: memory
                id: files
            server:
              type: simple
              applicationContextPath: /
              adminContextPath: /admin
              connector: {type: http, bindHost: 127.0.0.1, port: 16014}
            """);

    assertThat(config.pilotOptions().xdsBindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.pilotOptions().xdsPort()).isEqualTo(16010);
    assertThat(config.pilotOptions().debounce())
        .isEqualTo(new DebounceSettings(Duration.ofMillis(50), Duration.ofSeconds(2)));
    assertThat(config.registries()).extracting(RegistryFactory::id).containsExactly("k8s-east", "files");
  }

  @Test
  void fileRegistryTypeBuildsAFileRegistry() throws IOException {
    Path registry = Files.createDirectory(dir.resolve("registry"));
    PilotConfiguration config =
        load("registries:\n  - {type: file, id: files, directory: \"" + registry + "\"}\n");

    FileRegistryFactory factory = (FileRegistryFactory) config.registries().get(0);
    assertThat(factory.directory()).isEqualTo(registry);
    try (var adapter = factory.build()) {
      assertThat(adapter).isInstanceOf(io.meshbridge.registry.file.FileRegistry.class);
      assertThat(adapter.id()).isEqualTo("files");
    }

    PilotConfiguration missing =
        load("registries:\n  - {type: file, id: files, directory: \"" + dir.resolve("nope") + "\"}\n");
    assertThatThrownBy(missing::buildPilot)
        .hasMessageStartingWith("registry 'files': directory: ")
        .hasMessageEndingWith("does not exist");
  }

  @Test
  void unknownFieldIsRejectedNamingIt() {
    assertThatThrownBy(() -> load("xds:\n  prot: 15010\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("Unrecognized field at: xds.prot");
  }

  @Test
  void duplicateRegistryIdIsRejectedNamingTheIndex() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    registries:
                      - {type: memory, id: files}
                      - {type: memory, id: files}
                    """))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "registries[1].id 'files' is already the id of registries[0] (expected: unique ids)");
  }

  @Test
  void unknownRegistryTypeIsRejectedNamingIt() {
    assertThatThrownBy(() -> load("registries:\n  - {type: eureka2, id: e}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("eureka2");
  }

  @Test
  void autoRegistrationGracePeriodDefaultsToIstiosAndIsBounded() throws IOException {
    assertThat(load("").autoRegistration().settings())
        .isEqualTo(io.meshbridge.pilot.autoregister.AutoRegistrationSettings.DEFAULT);
    assertThat(load("autoRegistration: {gracePeriod: 30s}\n").autoRegistration().settings()
        .gracePeriod()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThatThrownBy(() -> load("autoRegistration: {gracePeriod: 2h}\n"))
        .hasMessageContaining("autoRegistration.gracePeriod must be less than or equal to 1 HOURS");
    assertThatThrownBy(() -> load("autoRegistration: {gracePeriod: 10s, ttl: 1s}\n"))
        .hasMessageContaining("autoRegistration.ttl");
  }

  @Test
  void invalidValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> load("xds:\n  port: 70000\n"))
        .hasMessageContaining("xds.port must be less than or equal to 65535");
    assertThatThrownBy(() -> load("registries:\n  - {type: memory, id: Files_1}\n"))
        .hasMessageContaining("registries[0].id must be a lowercase DNS label");
    assertThatThrownBy(() -> load("debounce:\n  quietPeriod: 2s\n  maxDelay: 1s\n"))
        .hasMessageContaining("debounce.maxDelay must be at least debounce.quietPeriod");
  }
}
