package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "255.255.255.255",
        "::1",
        "fe80::1",
        "2001:db8::8:800:200c:417a",
        "web-1.example.com",
        "localhost",
        "vm1.",
        "a"
      })
  void accepts(String address) {
    assertThat(Addresses.isValid(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not an address!",
        "256.0.0.1",
        "10.0.0",
        "1.2.3.4.5",
        "::zz",
        "-web",
        "web-",
        "a..b",
        "10.0.0.1:80",
        "http://x"
      })
  void rejects(String address) {
    assertThat(Addresses.isValid(address)).isFalse();
  }
}
