package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceNamesTest {

  @ParameterizedTest
  @CsvSource({
    "web, web",
    "Web_API, web-api",
    "billing.v2, billing-v2",
    "--a..b--, a-b",
    "über-service, ber-service",
    "123, 123"
  })
  void sanitizesToADnsLabel(String consul, String mesh) {
    assertThat(ServiceNames.sanitize(consul)).contains(mesh);
  }

  @Test
  void truncatesTo63AndDropsATrailingDash() {
    String name = "a".repeat(62) + "_b";
    assertThat(ServiceNames.sanitize(name)).contains("a".repeat(62));
  }

  @Test
  void nothingLeftIsNoName() {
    assertThat(ServiceNames.sanitize("___")).isEmpty();
    assertThat(ServiceNames.sanitize("")).isEmpty();
  }
}
