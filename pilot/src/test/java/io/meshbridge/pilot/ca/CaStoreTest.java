package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed root is created once and kept; a plug-in CA is read from files. */
class CaStoreTest {

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();

  @Test
  void theRootIsCreatedOnFirstStartWithAnOwnerOnlyKeyAndKeptAfter() throws Exception {
    SigningAuthority first = CaStore.selfSigned(directory, "cluster.local", clock);
    SigningAuthority second = CaStore.selfSigned(directory, "cluster.local", clock);

    assertThat(second.signingCertificate()).isEqualTo(first.signingCertificate());
    assertThat(second.key()).isEqualTo(first.key());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(CaStore.ROOT_KEY))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(directory.resolve(CaStore.ROOT_KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
    try (var files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("root-cert.pem", "root-key.pem");
    }
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedNamingBothFiles() throws Exception {
    CaStore.selfSigned(directory, "cluster.local", clock);
    Files.delete(directory.resolve(CaStore.ROOT_KEY));

    assertThatThrownBy(() -> CaStore.selfSigned(directory, "cluster.local", clock))
        .isInstanceOf(CaConfigException.class)
        .hasMessageContaining("root-key.pem is missing but")
        .hasMessageContaining("root-cert.pem exists");
  }

  @Test
  void aPluginCaTrustsItsPreviousRootsUntilTheOverlapEnds(@TempDir Path plugin, @TempDir Path old)
      throws Exception {
    // The old mesh: a self-signed CA whose workload certificate is still out there.
    CertificateAuthority before = CertificateAuthority.open(CaOptions.defaults(old), null, clock);
    List<X509Certificate> oldCert =
        CertificateAuthorityTest.join(before, Certificates.newKeyPair(), CertificateAuthorityTest.ORDERS);
    KeyPair rootKeys = Certificates.newKeyPair();
    Instant now = clock.instant();
    X509Certificate root = Certificates.selfSignedRoot(rootKeys, "corp", "New root", now, now.plus(Duration.ofDays(30)));
    Files.writeString(plugin.resolve("root.pem"), Pem.encode(root));
    Files.writeString(plugin.resolve("key.pem"), Pem.encode(rootKeys.getPrivate()));
    PluginCa files =
        new PluginCa(plugin.resolve("root.pem"), plugin.resolve("key.pem"), plugin.resolve("root.pem"),
            old.resolve(CaStore.ROOT_CERT), now.plus(Duration.ofHours(2)));

    CertificateAuthority ca = CertificateAuthority.open(CaOptions.defaults(directory).withPlugin(files), null, clock);
    assertThat(ca.trustedRoots()).containsExactly(root, before.authority().roots().get(0));
    assertThat(ca.identityOf(oldCert)).isEqualTo(CertificateAuthorityTest.ORDERS);

    clock.advance(Duration.ofHours(2));
    assertThat(ca.refresh()).isTrue();
    assertThat(ca.trustedRoots()).containsExactly(root);
    assertThatThrownBy(() -> ca.identityOf(oldCert)).hasMessageStartingWith("UNTRUSTED_CERTIFICATE");
    assertThat(CertificateAuthority.open(CaOptions.defaults(directory).withPlugin(files), null, clock).trustedRoots())
        .containsExactly(root);
  }

  @Test
  void aPluginIntermediateSignsAndWorkloadsGetTheWholeChain(@TempDir Path plugin) throws Exception {
    KeyPair rootKeys = Certificates.newKeyPair();
    Instant now = clock.instant();
    X509Certificate root = Certificates.selfSignedRoot(rootKeys, "corp", "Corp root", now, now.plus(Duration.ofDays(30)));
    KeyPair intermediateKeys = Certificates.newKeyPair();
    X509Certificate intermediate =
        Certificates.intermediate(
            new SigningAuthority(rootKeys.getPrivate(), List.of(root), List.of(root)),
            intermediateKeys.getPublic(), "Mesh intermediate", now, now.plus(Duration.ofDays(10)));
    Files.writeString(plugin.resolve("cert-chain.pem"), Pem.encode(List.of(intermediate, root)));
    Files.writeString(plugin.resolve("ca-key.pem"), Pem.encode(intermediateKeys.getPrivate()));
    Files.writeString(plugin.resolve("root-cert.pem"), Pem.encode(root));
    PluginCa files = new PluginCa(plugin.resolve("cert-chain.pem"), plugin.resolve("ca-key.pem"), plugin.resolve("root-cert.pem"));

    CertificateAuthority ca = CertificateAuthority.open(CaOptions.defaults(directory).withPlugin(files), null, clock);
    List<X509Certificate> chain = CertificateAuthorityTest.join(ca, Certificates.newKeyPair(), CertificateAuthorityTest.ORDERS);

    assertThat(chain).hasSize(3);
    assertThat(chain.subList(1, 3)).containsExactly(intermediate, root);
    assertThat(chain.get(0).getNotAfter()).isBeforeOrEqualTo(intermediate.getNotAfter());
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 2)), parameters);
    assertThat(Files.exists(directory.resolve(CaStore.ROOT_KEY))).isFalse(); // no self-signed root made
  }

  @Test
  void aPluginKeyThatDoesNotFitTheCertificateIsRefused(@TempDir Path plugin) throws Exception {
    KeyPair keys = Certificates.newKeyPair();
    Instant now = clock.instant();
    X509Certificate root = Certificates.selfSignedRoot(keys, "corp", "Corp root", now, now.plus(Duration.ofDays(30)));
    Files.writeString(plugin.resolve("chain.pem"), Pem.encode(root));
    Files.writeString(plugin.resolve("key.pem"), Pem.encode(Certificates.newKeyPair().getPrivate()));
    PluginCa files = new PluginCa(plugin.resolve("chain.pem"), plugin.resolve("key.pem"), plugin.resolve("chain.pem"));

    assertThatThrownBy(() -> CaStore.plugin(files))
        .isInstanceOf(CaConfigException.class)
        .hasMessageContaining("key.pem: key does not belong to the signing certificate");
    Files.writeString(plugin.resolve("key.pem"), "garbage", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> CaStore.plugin(files))
        .isInstanceOf(CaConfigException.class)
        .hasMessageContaining("key.pem: no unencrypted PEM private key");
  }
}
