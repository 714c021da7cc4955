package io.meshbridge.pilot.istio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The mesh service name of a ServiceEntry host: a lowercase DNS label. */
final class ServiceNames {

  private static final int MAX = 63;

  /**
   * {@code api.example.com} → {@code api-example-com}; a name longer than 63 characters keeps its
   * first 54 and ends with {@code -} and 8 hex digits of its SHA-256, so it stays unique.
   */
  static String of(String host) {
    String name = host.replace('.', '-');
    if (name.length() <= MAX) {
      return name;
    }
    return name.substring(0, 54) + "-" + hash(host);
  }

  private static String hash(String host) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private ServiceNames() {}
}
