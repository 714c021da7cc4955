package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;

/** A proxy's auto-registration cannot be done; its xDS stream is closed with {@link #status}. */
public final class RegistrationRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final String reason;

  /**
   * @param reason a short counter key, e.g. {@code no_group}
   */
  RegistrationRefusedException(Status.Code code, String reason, String message) {
    super(message);
    this.code = requireNonNull(code, "code");
    this.reason = requireNonNull(reason, "reason");
  }

  public Status status() {
    return Status.fromCode(code).withDescription(getMessage());
  }

  /** The counter key: {@code invalid_node}, {@code no_group}, {@code identity}. */
  public String reason() {
    return reason;
  }
}
