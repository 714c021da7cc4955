package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.pilot.InvalidConfigurationException;
import io.meshbridge.pilot.PilotConfiguration;
import io.meshbridge.pilot.PilotConfigurations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ca:} in pilot's YAML: off by default, defaults, every key, bad entries named. */
class CaFactoryTest {

  @TempDir Path dir;

  private PilotConfiguration load(String yaml) throws IOException {
    return PilotConfigurations.load(Files.writeString(dir.resolve("pilot.yaml"), yaml));
  }

  @Test
  void theCaIsOffUnlessADirectoryIsGiven() throws IOException {
    assertThat(load("").ca().enabled()).isFalse();

    CaOptions options = load("ca: {directory: /var/lib/mb/ca}").ca().options();
    assertThat(options).isEqualTo(CaOptions.defaults(Path.of("/var/lib/mb/ca")));
  }

  @Test
  void everyKeyIsRead() throws IOException {
    CaOptions options =
        load(
                """
                ca:
                  directory: /var/lib/mb/ca
                  trustDomain: corp.example
                  workloadCertTtl: 12h
                  maxWorkloadCertTtl: 2d
                  bindAddress: 0.0.0.0
                  port: 16012
                  serverNames: [pilot.corp.example, 10.0.0.5]
                  revoked: [spiffe://corp.example/ns/shop/sa/old]
                  kubernetesTokenReview: true
                  plugin: {certChain: /ca/chain.pem, key: /ca/key.pem, rootCerts: /ca/root.pem}
                """)
            .ca()
            .options();

    assertThat(options.trustDomain()).isEqualTo("corp.example");
    assertThat(options.workloadCertTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(options.maxWorkloadCertTtl()).isEqualTo(Duration.ofDays(2));
    assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isEqualTo(16012);
    assertThat(options.serverNames()).isEqualTo(List.of("pilot.corp.example", "10.0.0.5"));
    assertThat(options.revoked()).containsExactly(new SpiffeId("corp.example", "shop", "old"));
    assertThat(options.kubernetesTokenReview()).isTrue();
    assertThat(options.plugin()).isEqualTo(new PluginCa(Path.of("/ca/chain.pem"), Path.of("/ca/key.pem"), Path.of("/ca/root.pem")));
  }

  @Test
  void aBadRevokedEntryFailsTheFileNamingIt() {
    assertThatThrownBy(() -> load("ca: {directory: /x, revoked: [spiffe://td/ns/a/sa/b, 'orders']}"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("ca.revoked[1]: SPIFFE ID: 'orders'");
  }

  @Test
  void aDefaultTtlAboveTheMaximumIsRefusedNamingBoth() throws IOException {
    CaFactory factory = load("ca: {directory: /x, workloadCertTtl: 10d}").ca();
    assertThatThrownBy(factory::options)
        .hasMessageContaining("workloadCertTtl: PT240H (expected: 1 min .. maxWorkloadCertTtl PT168H)");
  }
}
