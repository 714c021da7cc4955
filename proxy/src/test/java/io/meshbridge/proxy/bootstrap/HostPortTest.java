package io.meshbridge.proxy.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "fe80::1",
      "2001:db8::8a2e:370:7334"})
  void recognisesIpLiterals(String host) {
    assertThat(HostPort.isIpLiteral(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "pilot.mesh", "1.2.3", "256.1.1.1", "01.2.3.4",
      "g:h", "fe80::1::2", "[::1]"})
  void rejectsEverythingElseWithoutALookup(String host) {
    assertThat(HostPort.isIpLiteral(host)).isFalse();
  }

  @Test
  void printsIpv6InBracketsAndValidates() {
    assertThat(new HostPort("::1", 80)).hasToString("[::1]:80");
    assertThat(new HostPort("pilot", 15010)).hasToString("pilot:15010");
    assertThatThrownBy(() -> new HostPort("a", 65536))
        .hasMessage("port: 65536 (expected: 0..65535)");
  }
}
