package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.registry.eureka.EurekaRegistry;
import io.meshbridge.registry.eureka.EurekaRegistryConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EurekaRegistryFactoryTest {

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, yaml);
    return PilotConfigurations.load(file);
  }

  @Test
  void everyFieldParses() throws IOException {
    PilotConfiguration config =
        load(
            """
            registries:
              - type: eureka
                id: eureka-east
                serviceUrls: [http://eureka-1:8761/eureka/, "http://eureka-2:8761/eureka"]
                fetchInterval: 5s
                namespace: shop
                requestTimeout: 2s
            """);

    EurekaRegistryFactory factory = (EurekaRegistryFactory) config.registries().get(0);
    assertThat(factory.config())
        .isEqualTo(
            new EurekaRegistryConfig(
                "eureka-east",
                List.of(
                    URI.create("http://eureka-1:8761/eureka/"),
                    URI.create("http://eureka-2:8761/eureka/")),
                Duration.ofSeconds(5),
                "shop",
                Duration.ofSeconds(2)));
    try (var adapter = factory.build()) {
      assertThat(adapter).isInstanceOf(EurekaRegistry.class);
      assertThat(adapter.id()).isEqualTo("eureka-east");
    }
  }

  @Test
  void onlyIdAndServiceUrlsAreRequired() throws IOException {
    PilotConfiguration config =
        load("registries:\n  - {type: eureka, id: eureka, serviceUrls: [http://e:8761/eureka/]}\n");

    EurekaRegistryConfig adapter = ((EurekaRegistryFactory) config.registries().get(0)).config();
    assertThat(adapter)
        .isEqualTo(EurekaRegistryConfig.of("eureka", List.of(URI.create("http://e:8761/eureka/"))));
    assertThat(adapter.fetchInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(adapter.namespace()).isEqualTo("default");
    assertThat(adapter.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void invalidFieldsAreRejectedNamingThem() {
    assertThatThrownBy(() -> load("registries:\n  - {type: eureka, id: eureka}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("registries[0].serviceUrls must list at least one Eureka server");
    assertThatThrownBy(
            () ->
                load(
                    "registries:\n  - {type: eureka, id: e, serviceUrls: [http://e/eureka/],"
                        + " namespace: Shop_1}\n"))
        .hasMessageContaining("registries[0].namespace must be a lowercase DNS label");
    assertThatThrownBy(
            () ->
                load(
                    "registries:\n  - {type: eureka, id: e, serviceUrls: [http://e/eureka/],"
                        + " fetchInterval: 1ms}\n"))
        .hasMessageContaining("registries[0].fetchInterval must be greater than or equal to 100");
    assertThatThrownBy(
            () -> load("registries:\n  - {type: eureka, id: e, serviceUrl: [http://e/eureka/]}\n"))
        .hasMessageContaining("Unrecognized field at: registries.[0].serviceUrl");
  }

  @Test
  void aServiceUrlThatIsNotHttpFailsTheBuildNamingRegistryAndIndex() throws IOException {
    PilotConfiguration config =
        load(
            "registries:\n  - {type: eureka, id: eureka, serviceUrls:"
                + " [http://e:8761/eureka/, ftp://e/eureka/]}\n");

    assertThatThrownBy(config::buildPilot)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("registry 'eureka': serviceUrls[1]: 'ftp://e/eureka/'");
  }
}
