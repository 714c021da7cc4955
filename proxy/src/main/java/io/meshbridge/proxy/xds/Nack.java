package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The last NACK of one resource type.
 *
 * @param version the version of the rejected response
 * @param nonce the nonce of the rejected response
 * @param time when it was rejected
 * @param message the NACK's {@code error_detail} message: every bad resource with its reason
 */
record Nack(String version, String nonce, Instant time, String message) {

  Nack {
    requireNonNull(version, "version");
    requireNonNull(nonce, "nonce");
    requireNonNull(time, "time");
    requireNonNull(message, "message");
  }
}
