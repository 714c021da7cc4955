package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A join token as handed to an operator, once: the secret itself (pilot keeps only its SHA-256),
 * the identity it is bound to, and when it stops working.
 */
public record JoinToken(String token, SpiffeId identity, Instant expiresAt) {

  public JoinToken {
    requireNonNull(token, "token");
    requireNonNull(identity, "identity");
    requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "JoinToken[" + identity + ", expiresAt=" + expiresAt + "]"; // never the secret
  }
}
