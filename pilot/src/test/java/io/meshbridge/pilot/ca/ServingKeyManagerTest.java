package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving key manager hands each handshake the newest certificate, by a new alias. */
class ServingKeyManagerTest {

  @TempDir Path directory;

  @Test
  void aRenewalGetsANewAliasAndTheOneBeforeStaysAnswerable() {
    CertificateAuthority ca =
        CertificateAuthority.open(CaOptions.defaults(directory), null, MutableClock.ofNow());
    ServingKeyManager keys = new ServingKeyManager();
    assertThat(keys.chooseServerAlias("EC", null, null)).isNull();

    KeyPair first = Certificates.newKeyPair();
    keys.set(first.getPrivate(), ca.issueServing(first, ca.options().pilotIdentity(), Duration.ofHours(1)));
    String firstAlias = keys.chooseEngineServerAlias("EC", null, null);
    assertThat(firstAlias).isNotNull();
    assertThat(keys.chooseServerAlias("RSA", null, null)).as("an EC key for an RSA suite").isNull();
    assertThat(keys.chooseServerAlias("EC_EC", null, null)).isEqualTo(firstAlias);

    KeyPair second = Certificates.newKeyPair();
    keys.set(second.getPrivate(), ca.issueServing(second, ca.options().pilotIdentity(), Duration.ofHours(1)));
    String secondAlias = keys.chooseServerAlias("EC", null, null);
    assertThat(secondAlias).isNotEqualTo(firstAlias);
    assertThat(keys.getPrivateKey(secondAlias)).isEqualTo(second.getPrivate());
    assertThat(keys.getPrivateKey(firstAlias)).isEqualTo(first.getPrivate());
    assertThat(keys.getCertificateChain(secondAlias)[0].getPublicKey()).isEqualTo(second.getPublic());
    assertThat(keys.renewAt()).isBefore(keys.current().leaf().getNotAfter().toInstant());
  }
}
