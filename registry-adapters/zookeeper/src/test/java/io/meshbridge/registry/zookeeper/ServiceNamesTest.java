package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceNamesTest {

  @Test
  void sanitizeMakesALowercaseDnsLabel() {
    assertThat(ServiceNames.sanitize("orders")).isEqualTo("orders");
    assertThat(ServiceNames.sanitize("Orders_Service")).isEqualTo("orders-service");
    assertThat(ServiceNames.sanitize("com.foo.Bar")).isEqualTo("com-foo-bar");
    assertThat(ServiceNames.sanitize("__a..b__")).isEqualTo("a-b");
    assertThat(ServiceNames.sanitize("日本")).isEmpty();
    assertThat(ServiceNames.sanitize("a".repeat(62) + "_b")).isEqualTo("a".repeat(62));
    assertThat(ServiceNames.sanitize("x".repeat(100))).hasSize(63);
  }

  @Test
  void dubboInterfaceGivesItsSimpleName() {
    assertThat(ServiceNames.ofDubboInterface("com.foo.OrderService")).isEqualTo("orderservice");
    assertThat(ServiceNames.ofDubboInterface("OrderService")).isEqualTo("orderservice");
    assertThat(ServiceNames.ofDubboInterface("com.foo.Outer$Inner")).isEqualTo("outer-inner");
  }
}
