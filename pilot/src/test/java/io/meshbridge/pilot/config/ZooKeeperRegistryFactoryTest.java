package io.meshbridge.pilot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import io.meshbridge.registry.zookeeper.ZooKeeperConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperLayout;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperRegistryFactoryTest {

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    Path file = dir.resolve("pilot.yaml");
    Files.writeString(file, yaml);
    return PilotConfigurations.load(file);
  }

  private ZooKeeperConfig config(String registryYaml) throws IOException {
    PilotConfiguration config = load("registries:\n  - " + registryYaml + "\n");
    return ((ZooKeeperRegistryFactory) config.registries().get(0)).config();
  }

  @Test
  void everyFieldIsRead() throws IOException {
    assertThat(config("{type: zookeeper, id: zk-east, connectString: \"zk1:2181,zk2:2181\","
            + " layout: DUBBO, basePath: /dubbo-east, namespace: shop, sessionTimeout: 20s,"
            + " connectionTimeout: 2s}"))
        .isEqualTo(new ZooKeeperConfig("zk-east", "zk1:2181,zk2:2181", ZooKeeperLayout.DUBBO,
            "/dubbo-east", "shop", Duration.ofSeconds(20), Duration.ofSeconds(2)));
  }

  @Test
  void defaultsDependOnTheLayout() throws IOException {
    assertThat(config("{type: zookeeper, id: zk, connectString: \"127.0.0.1:2181\"}"))
        .isEqualTo(new ZooKeeperConfig("zk", "127.0.0.1:2181", ZooKeeperLayout.CURATOR,
            "/services", "default", Duration.ofSeconds(60), Duration.ofSeconds(15)));
    assertThat(config("{type: zookeeper, id: zk, connectString: \"127.0.0.1:2181\","
            + " layout: dubbo}").basePath())
        .isEqualTo("/dubbo");
  }

  @Test
  void buildsAZooKeeperRegistry() throws IOException {
    PilotConfiguration config =
        load("registries:\n  - {type: zookeeper, id: zk, connectString: \"127.0.0.1:2181\"}\n");
    try (var adapter = config.registries().get(0).build()) {
      assertThat(adapter).isInstanceOf(ZooKeeperRegistry.class);
      assertThat(adapter.id()).isEqualTo("zk");
    }
  }

  @Test
  void invalidFieldsAreRejectedNamingThem() {
    assertThatThrownBy(() -> load("registries:\n  - {type: zookeeper, id: zk}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("registries[0].connectString must not be empty");
    assertThatThrownBy(() -> load("registries:\n  - {type: zookeeper, id: zk,"
            + " connectString: \"a:1\", layout: EUREKA}\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("registries[0].layout must be CURATOR or DUBBO");
    assertThatThrownBy(() -> load("registries:\n  - {type: zookeeper, id: zk,"
            + " connectString: \"a:1\", basePath: services}\n"))
        .hasMessageContaining("registries[0].basePath must be an absolute znode path");
    assertThatThrownBy(() -> load("registries:\n  - {type: zookeeper, id: zk,"
            + " connectString: \"a:1\", namespace: Shop}\n"))
        .hasMessageContaining("registries[0].namespace must be a lowercase DNS label");
    assertThatThrownBy(() -> load("registries:\n  - {type: zookeeper, id: zk,"
            + " connectString: \"a:1\", sessionTimeout: 10ms}\n"))
        .hasMessageContaining("registries[0].sessionTimeout must be greater than or equal to 100");
    assertThatThrownBy(() -> load("registries:\n  - {type: zookeeper, id: zk,"
            + " connectString: \"a:1\", conectionTimeout: 1s}\n"))
        .hasMessageContaining("Unrecognized field at: registries.[0].conectionTimeout");
  }
}
