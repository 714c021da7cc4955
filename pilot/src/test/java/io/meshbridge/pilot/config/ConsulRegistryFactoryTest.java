package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.registry.consul.ConsulRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: consul} in pilot's YAML: defaults, every field, and errors that name the field. */
class ConsulRegistryFactoryTest {

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, yaml);
    return PilotConfigurations.load(file);
  }

  @Test
  void defaults() throws IOException {
    ConsulRegistryFactory f =
        (ConsulRegistryFactory)
            load("registries:\n  - {type: consul, id: consul}\n").registries().get(0);

    assertThat(f.address()).isEqualTo(URI.create("http://127.0.0.1:8500"));
    assertThat(f.datacenters()).isEmpty();
    assertThat(f.token()).isNull();
    assertThat(f.namespace()).isEqualTo("default");
    assertThat(f.waitTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(f.excludedServices()).containsExactly("consul");
    assertThat(f.defaultProtocol()).isEqualTo(Protocol.HTTP);
    try (RegistryAdapter adapter = f.build()) {
      assertThat(adapter).isInstanceOf(ConsulRegistry.class);
      assertThat(adapter.id()).isEqualTo("consul");
    }
  }

  @Test
  void everyField() throws IOException {
    ConsulRegistryFactory f =
        (ConsulRegistryFactory)
            load("""
            registries:
              - type: consul
                id: consul-east
                address: http://consul.internal:8500
                datacenters: [east-1, east-2]
                token: 3f1c-secret
                namespace: legacy
                wait: 30s
                excludedServices: [consul, vault]
                defaultProtocol: tcp
            """)
                .registries()
                .get(0);

    assertThat(f.id()).isEqualTo("consul-east");
    assertThat(f.address()).isEqualTo(URI.create("http://consul.internal:8500"));
    assertThat(f.datacenters()).containsExactly("east-1", "east-2");
    assertThat(f.token()).isEqualTo("3f1c-secret");
    assertThat(f.namespace()).isEqualTo("legacy");
    assertThat(f.waitTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.excludedServices()).isEqualTo(Set.of("consul", "vault"));
    assertThat(f.defaultProtocol()).isEqualTo(Protocol.TCP);
    f.build().close();
  }

  @Test
  void invalidFieldsAreNamed() {
    assertThatThrownBy(() -> load("registries:\n  - {type: consul, id: c, wait: 11m}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("registries[0].wait must be less than or equal to 10 MINUTES");
    assertThatThrownBy(() -> load("registries:\n  - {type: consul, id: c, wait: 500ms}\n"))
        .hasMessageContaining("registries[0].wait must be greater than or equal to 1 SECONDS");
    assertThatThrownBy(() -> load("registries:\n  - {type: consul, id: c, namespace: Shop}\n"))
        .hasMessageContaining("registries[0].namespace must be a lowercase DNS label");
    assertThatThrownBy(() -> load("registries:\n  - {type: consul, id: c, adress: x}\n"))
        .hasMessageContaining("Unrecognized field at: registries.[0].adress");
    assertThatThrownBy(() -> load("registries:\n  - {type: consul, id: c, datacenters: ['']}\n"))
        .hasMessageContaining("registries[0].datacenters[0].<list element> must not be empty");
    assertThatThrownBy(
            () -> load("registries:\n  - {type: consul, id: c, defaultProtocol: SMTP}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "registries.[0].defaultProtocol; is of type: String, expected: Protocol");
  }

  @Test
  void anAddressTheAdapterRefusesIsNamedWithTheRegistry() throws IOException {
    PilotConfiguration config =
        load("registries:\n  - {type: consul, id: c, address: 'ftp://consul:8500'}\n");
    assertThatThrownBy(config::buildPilot)
        .hasMessage(
            "registry 'c': address: 'ftp://consul:8500'"
                + " (expected: http://host:port or https://host:port)");
  }

  @Test
  void consulIsAListedRegistryType() throws IOException {
    assertThat(
            load("registries:\n  - {type: consul, id: a}\n  - {type: file, id: b,"
                    + " directory: \""
                    + dir
                    + "\"}\n")
                .registries())
        .extracting(RegistryFactory::id)
        .isEqualTo(List.of("a", "b"));
  }
}
