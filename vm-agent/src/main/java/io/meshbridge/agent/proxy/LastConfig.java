package io.meshbridge.agent.proxy;

import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.xds.XdsSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <stateDir>/last-config}: the last config the proxy accepted from pilot ({@link
 * XdsSnapshot}'s bytes), so that after a reboot with pilot unreachable the proxy starts serving
 * it. Rewritten whole (temporary file, then an atomic rename, mode 0600) whenever an accepted
 * version changes; called on the agent's own thread, never on an event loop.
 */
public final class LastConfig {

  public static final String NAME = "last-config";
  private static final Logger logger = LoggerFactory.getLogger(LastConfig.class);

  private final Path file;
  private final Path tmp;
  // Confined to the caller's thread (the agent's).
  private Map<String, String> written = Map.of();
  private Map<String, String> seen = Map.of();

  public LastConfig(Path stateDir) {
    this.file = stateDir.resolve(NAME);
    this.tmp = stateDir.resolve("." + NAME + ".tmp");
  }

  public Path path() {
    return file;
  }

  /**
   * The cached config, or null when there is none or it cannot be used (logged with the reason:
   * the proxy then waits for pilot).
   */
  public @Nullable XdsSnapshot read() {
    if (!Files.exists(file)) {
      logger.info("no cached config at {}: waiting for pilot", file);
      return null;
    }
    try {
      XdsSnapshot snapshot = XdsSnapshot.read(file);
      written = snapshot.versions();
      logger.info("cached config {} (versions {}): the proxy starts with it", file,
          snapshot.versions());
      return snapshot;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      logger.warn("ignoring the cached config: {}; waiting for pilot", e.getMessage());
      return null;
    }
  }

  /**
   * Writes the proxy's accepted config when the accepted versions changed since the last call and
   * its snapshot (the last complete state) differs from the last written.
   */
  public void update(ProxyServer proxy) {
    Map<String, String> now = proxy.xdsStatus().versions();
    if (now.equals(seen)) {
      return;
    }
    XdsSnapshot snapshot = proxy.xdsSnapshot().orElse(null);
    if (snapshot == null) {
      return; // no complete config yet: look again at the next version change
    }
    seen = now;
    if (snapshot.versions().equals(written)) {
      return;
    }
    try {
      Files.write(tmp, snapshot.toBytes());
      restrict(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written = snapshot.versions();
      logger.info("wrote {} (versions {})", file, written);
    } catch (IOException e) {
      logger.warn("cannot write {}; will retry when the config changes again", file, e);
      written = snapshot.versions();
    }
  }

  private static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      logger.debug("{}: no POSIX permissions on this file system", path, e);
    }
  }
}
