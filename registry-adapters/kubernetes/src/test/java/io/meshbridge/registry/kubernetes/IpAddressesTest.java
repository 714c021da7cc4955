package io.meshbridge.registry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "10.0.0.1, IPv4",
        "255.255.255.255, IPv4",
        "0.0.0.0, IPv4",
        "::1, IPv6",
        "fd00::a:1, IPv6",
        "2001:DB8::1, IPv6",
        "::ffff:10.0.0.1, IPv6",
        "256.0.0.1, -",
        "10.0.0, -",
        "10.0.0.01, -",
        "10.0.0.1.2, -",
        "1.2.3.a, -",
        "not-an-ip, -",
        "orders.shop.svc, -",
        "'', -",
        "fe80::1%eth0, -",
        "[::1], -",
        "1:2, -",
        "abc, -",
        ":::, -",
      })
  void recognizesLiteralsOnly(String text, String type) {
    assertThat(IpAddresses.addressType(text)).isEqualTo(Optional.ofNullable(type));
  }
}
