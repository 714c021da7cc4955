package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A proxy's rejection of a response.
 *
 * @param version the version it rejected (the version of the response the NACK's nonce answers;
 *     empty when that response is no longer known)
 * @param message the proxy's {@code error_detail.message}, which names the resource and field
 * @param at when pilot received the NACK
 */
public record Nack(String version, String message, Instant at) {

  public Nack {
    requireNonNull(version, "version");
    requireNonNull(message, "message");
    requireNonNull(at, "at");
  }
}
