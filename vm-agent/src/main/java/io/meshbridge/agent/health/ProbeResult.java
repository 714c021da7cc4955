package io.meshbridge.agent.health;

import static java.util.Objects.requireNonNull;

/** One probe's outcome and a short reason, e.g. {@code HTTP 503} or {@code connection refused}. */
public record ProbeResult(boolean passed, String detail) {

  public ProbeResult {
    requireNonNull(detail, "detail");
  }

  static ProbeResult pass(String detail) {
    return new ProbeResult(true, detail);
  }

  static ProbeResult fail(String detail) {
    return new ProbeResult(false, detail);
  }
}
