package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static final List<URI> URLS = List.of(URI.create("http://e1:8761/eureka"));

  @Test
  void registryDefaultsAreEurekasAndUrlsGetATrailingSlash() {
    EurekaRegistryConfig config = EurekaRegistryConfig.of("eureka", URLS);
    assertThat(config.serviceUrls()).containsExactly(URI.create("http://e1:8761/eureka/"));
    assertThat(config.fetchInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.namespace()).isEqualTo("default");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void registryFieldsAreValidatedByName() {
    assertThatThrownBy(() -> EurekaRegistryConfig.of("eureka", List.of()))
        .hasMessageStartingWith("serviceUrls: [] (expected: at least one");
    assertThatThrownBy(
            () ->
                EurekaRegistryConfig.of(
                    "eureka",
                    List.of(URI.create("http://e1/eureka/"), URI.create("eureka.local:8761"))))
        .hasMessageStartingWith("serviceUrls[1]: 'eureka.local:8761' (expected: an http or https");
    assertThatThrownBy(() -> EurekaRegistryConfig.of("eureka", URLS).withNamespace("Shop"))
        .hasMessageStartingWith("namespace: 'Shop' (expected: a lowercase DNS label");
    assertThatThrownBy(
            () -> EurekaRegistryConfig.of("eureka", URLS).withFetchInterval(Duration.ZERO))
        .hasMessage("fetchInterval: PT0S (expected: PT0.1S to PT1H)");
  }

  @Test
  void registrarLeaseIsWholeSecondsLongerThanTheRenewalInterval() {
    EurekaRegistrarConfig config = EurekaRegistrarConfig.of(URLS);
    assertThat(config.renewalInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> config.withLease(Duration.ofSeconds(30), Duration.ofSeconds(30)))
        .hasMessage("leaseDuration: PT30S (expected: longer than renewalInterval PT30S)");
    assertThatThrownBy(() -> config.withLease(Duration.ofMillis(1500), Duration.ofSeconds(30)))
        .hasMessage(
            "renewalInterval: PT1.5S (expected: whole seconds, as Eureka's leaseInfo holds)");
  }
}
