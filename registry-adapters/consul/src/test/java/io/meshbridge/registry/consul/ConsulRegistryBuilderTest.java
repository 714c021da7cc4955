package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.Protocol;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsulRegistryBuilderTest {

  @Test
  void defaults() {
    ConsulRegistryBuilder.Settings s = ConsulRegistry.builder("consul").settings();
    assertThat(s.address()).isEqualTo(URI.create("http://127.0.0.1:8500"));
    assertThat(s.datacenters()).isEmpty();
    assertThat(s.token()).isNull();
    assertThat(s.namespace()).isEqualTo("default");
    assertThat(s.waitTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.excludedServices()).containsExactly("consul");
    assertThat(s.defaultProtocol()).isEqualTo(Protocol.HTTP);
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> ConsulRegistry.builder("c").address(URI.create("ftp://x")).build())
        .hasMessage("address: 'ftp://x' (expected: http://host:port or https://host:port)");
    assertThatThrownBy(() -> ConsulRegistry.builder("c").waitTime(Duration.ofMinutes(11)).build())
        .hasMessage("wait: PT11M (expected: 1s to 10m)");
    assertThatThrownBy(() -> ConsulRegistry.builder("c").namespace("Shop").build())
        .hasMessageStartingWith("namespace: 'Shop'");
    assertThatThrownBy(() -> ConsulRegistry.builder("c").datacenters(List.of("a", "a")).build())
        .hasMessage("datacenters: [a, a] (expected: distinct non-blank datacenter names)");
    assertThatThrownBy(() -> ConsulRegistry.builder("c").token(" ").build())
        .hasMessage("token: '' (expected: a token, or none)");
    assertThatThrownBy(() -> ConsulRegistry.builder(" ").build())
        .hasMessage("id: '' (expected: a non-blank registry id)");
    assertThat(ConsulRegistry.builder("c").excludedServices(Set.of()).settings().excludedServices())
        .isEmpty();
  }

  @Test
  void registrarSettingsAreChecked() {
    assertThatThrownBy(() -> ConsulRegistrar.builder().ttl(Duration.ofSeconds(1)).build())
        .hasMessage("ttl: PT1S (expected: at least 3s)");
    assertThatThrownBy(
            () ->
                ConsulRegistrar.builder()
                    .deregisterCriticalServiceAfter(Duration.ofSeconds(30))
                    .build())
        .hasMessage(
            "deregisterCriticalServiceAfter: PT30S (expected: at least 1m, Consul's minimum)");
  }
}
