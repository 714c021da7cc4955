package io.meshbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.agent.config.AgentConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The config the packages install as /etc/meshbridge/agent.yaml stays valid. */
class DistConfigTest {

  @Test
  void shippedConfigIsValid() {
    assertThat(AgentConfigLoader.load(Path.of("src/dist/agent.yaml")).service().key().name())
        .isEqualTo("my-service");
  }
}
