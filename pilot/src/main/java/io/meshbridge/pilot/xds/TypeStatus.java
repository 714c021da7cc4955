package io.meshbridge.pilot.xds;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Where one stream stands for one resource type.
 *
 * @param sentVersion the version of the last response pilot sent, empty before the first
 * @param sentNonce the nonce of that response
 * @param ackedVersion the last version the proxy accepted, empty before the first ACK
 * @param lastNack the last rejection, if any (kept after later ACKs, for diagnosis)
 */
public record TypeStatus(
    String sentVersion, String sentNonce, String ackedVersion, @Nullable Nack lastNack) {

  static final TypeStatus NONE = new TypeStatus("", "", "", null);

  public TypeStatus {
    requireNonNull(sentVersion, "sentVersion");
    requireNonNull(sentNonce, "sentNonce");
    requireNonNull(ackedVersion, "ackedVersion");
  }

  TypeStatus sent(String nonce, String version) {
    return new TypeStatus(version, nonce, ackedVersion, lastNack);
  }

  TypeStatus acked(String version) {
    return new TypeStatus(sentVersion, sentNonce, version, lastNack);
  }

  TypeStatus nacked(Nack nack) {
    return new TypeStatus(sentVersion, sentNonce, ackedVersion, nack);
  }

  /** The version of the response with {@code nonce}, if it is the last one sent. */
  @Nullable String versionOf(String nonce) {
    return !nonce.isEmpty() && nonce.equals(sentNonce) ? sentVersion : null;
  }
}
