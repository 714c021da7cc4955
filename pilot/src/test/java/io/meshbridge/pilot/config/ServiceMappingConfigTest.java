package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.pilot.aggregate.ServiceMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pilot's {@code services:} section: one mesh service made of services in several registries. */
class ServiceMappingConfigTest {

  private static final String REGISTRIES =
      """
      registries:
        - {type: memory, id: k8s}
        - {type: memory, id: eureka}
      """;

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, REGISTRIES + yaml);
    return PilotConfigurations.load(file);
  }

  @Test
  void mapsEachListedRegistryServiceToTheMeshService() throws IOException {
    ServiceMapping mapping =
        load(
                """
                services:
                  - name: orders
                    namespace: shop
                    from:
                      - {registry: eureka, service: default/orders-service}
                      - {registry: k8s, service: shop/orders}
                """)
            .serviceMapping();

    assertThat(mapping.meshKey("eureka", ServiceKey.of("default", "orders-service")))
        .isEqualTo(ServiceKey.of("shop", "orders"));
    assertThat(mapping.meshKey("k8s", ServiceKey.of("shop", "orders")))
        .isEqualTo(ServiceKey.of("shop", "orders"));
    assertThat(mapping.meshKey("k8s", ServiceKey.of("default", "orders-service")))
        .as("only the listed registry's service is renamed")
        .isEqualTo(ServiceKey.of("default", "orders-service"));
  }

  @Test
  void noSectionMeansIdentity() throws IOException {
    assertThat(load("").serviceMapping()).isEqualTo(ServiceMapping.IDENTITY);
  }

  @Test
  void anUndeclaredRegistryIsNamedAtItsIndex() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    services:
                      - name: orders
                        from: [{registry: consul, service: default/orders}]
                    """))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("services[0].from[0].registry")
        .hasMessageContaining("'consul' is not a declared registry id");
  }

  @Test
  void aServiceThatIsNotNamespaceSlashNameIsNamed() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    services:
                      - name: orders
                        from: [{registry: eureka, service: ORDERS}]
                    """))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("services[0].from[0].service")
        .hasMessageContaining("'ORDERS' (expected: namespace/name as the registry publishes it)");
  }

  @Test
  void aRegistryServiceMappedTwiceIsNamed() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    services:
                      - name: orders
                        from: [{registry: eureka, service: default/orders}]
                      - name: checkout
                        from: [{registry: eureka, service: default/orders}]
                    """))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("services[1].from[0].service")
        .hasMessageContaining("already mapped at services[0].from[0]");
  }

  @Test
  void aMeshNameThatIsNotADnsLabelIsNamed() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    services:
                      - name: Orders
                        from: [{registry: eureka, service: default/orders}]
                    """))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("services[0].name")
        .hasMessageContaining("'Orders' (expected: a lowercase DNS label)");
  }
}
