package io.meshbridge.pilot.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The secret that {@code POST /v1/tokens} asks for: {@code admin-token} in the CA's state
 * directory (0600), created on first start; whoever can read it may mint join tokens.
 */
public final class AdminToken {

  public static final String FILE = "admin-token";

  private final byte[] secret;

  private AdminToken(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws CaConfigException naming the file if it cannot be read or written
   */
  public static AdminToken loadOrCreate(Path directory) {
    Path file = directory.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
        AtomicFiles.write(file, created.getBytes(StandardCharsets.UTF_8));
      }
      String read = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (read.length() < 16) {
        throw new CaConfigException(file + ": " + read.length() + " characters (expected: at least 16)");
      }
      return new AdminToken(read);
    } catch (IOException e) {
      throw new CaConfigException(file + ": cannot read or create the admin token: " + e, e);
    }
  }

  /** Whether {@code presented} is the secret; in constant time. */
  public boolean matches(@Nullable String presented) {
    return presented != null
        && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
  }
}
