package io.meshbridge.proxy.identity;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.dataplane.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <identity dir>/identity.pem}: the private key and the certificate chain in one file, so
 * they always belong together; mode 0600, written to a temporary file and moved into place
 * atomically. Read at start so a VM that reboots keeps its identity while the certificate is
 * valid.
 */
final class IdentityFile {

  private static final Logger log = LoggerFactory.getLogger(IdentityFile.class);
  static final String NAME = "identity.pem";

  private final Path file;

  IdentityFile(Path dir) {
    this.file = requireNonNull(dir, "dir").resolve(NAME);
  }

  Path path() {
    return file;
  }

  /** The stored identity if there is one still valid at {@code now}. */
  Optional<TlsSecret> load(Instant now) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String pem = Files.readString(file, StandardCharsets.UTF_8);
      PrivateKey key = Pem.privateKey(pem); // the key is written first
      int certs = pem.indexOf("-----BEGIN CERTIFICATE");
      if (certs < 0) {
        throw new Pem.PemException("no certificate after the key");
      }
      List<X509Certificate> chain = Pem.certificates(pem.substring(certs));
      if (chain.get(0).getNotAfter().toInstant().isBefore(now)) {
        log.info("Identity in {} expired at {}; asking for a new one", file,
            chain.get(0).getNotAfter().toInstant());
        return Optional.empty();
      }
      return Optional.of(TlsSecret.certificate("default", chain, key));
    } catch (IOException | RuntimeException | Pem.PemException e) {
      log.warn("Cannot read the identity in {} ({}); asking for a new one", file, e.toString());
      return Optional.empty();
    }
  }

  /** Writes {@code identity} atomically with mode 0600. */
  void store(TlsSecret identity) throws IOException {
    Object[] parts = new Object[identity.chain().size() + 1];
    parts[0] = requireNonNull(identity.key(), "key");
    for (int i = 0; i < identity.chain().size(); i++) {
      parts[i + 1] = identity.chain().get(i);
    }
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(NAME + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp); // not POSIX: the directory's permissions protect it
    }
    Files.writeString(temp, Pem.encode(parts), StandardCharsets.UTF_8);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
