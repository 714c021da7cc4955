package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

/** A certificate request the CA refused: the reason, and a message naming the field. */
public final class CaRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Refusal reason;

  public CaRefusedException(Refusal reason, String message) {
    super(reason + ": " + message);
    this.reason = requireNonNull(reason, "reason");
  }

  public CaRefusedException(Refusal reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  public Refusal reason() {
    return reason;
  }
}
