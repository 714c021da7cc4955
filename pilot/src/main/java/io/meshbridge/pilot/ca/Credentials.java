package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What came with a certificate request: the {@code authorization: Bearer} token, if any, the
 * client certificate chain proven in the TLS handshake (empty without one), and the peer's
 * address for logs.
 */
public record Credentials(
    @Nullable String bearerToken, List<X509Certificate> peerChain, String peer) {

  public Credentials {
    peerChain = List.copyOf(peerChain);
    requireNonNull(peer, "peer");
  }

  public static Credentials bearer(String token, String peer) {
    return new Credentials(requireNonNull(token, "token"), List.of(), peer);
  }

  public static Credentials certificate(List<X509Certificate> chain, String peer) {
    return new Credentials(null, chain, peer);
  }
}
