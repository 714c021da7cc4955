package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceNamesTest {

  @Test
  void vipAddressesBecomeDnsLabels() {
    assertThat(ServiceNames.sanitize("orders")).isEqualTo("orders");
    assertThat(ServiceNames.sanitize("ORDERS-SERVICE")).isEqualTo("orders-service");
    assertThat(ServiceNames.sanitize("orders.shop.example.com"))
        .isEqualTo("orders-shop-example-com");
    assertThat(ServiceNames.sanitize("__my_app:v2__")).isEqualTo("my-app-v2");
    assertThat(ServiceNames.sanitize("a".repeat(62) + ".b")).isEqualTo("a".repeat(62));
    assertThat(ServiceNames.sanitize("._.")).isEmpty();
  }

  @Test
  void everyVipOfACommaSeparatedListIsAServiceAndTheAppNameIsTheFallback() {
    assertThat(ServiceNames.of("orders, orders-v2,ORDERS", "APP"))
        .containsExactly("orders", "orders-v2");
    assertThat(ServiceNames.of("", "ORDERS_APP")).containsExactly("orders-app");
    assertThat(ServiceNames.of(" , ", "..")).isEmpty();
  }
}
