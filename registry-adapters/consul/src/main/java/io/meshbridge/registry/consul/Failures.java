package io.meshbridge.registry.consul;

import com.fasterxml.jackson.core.JacksonException;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.ConsulException;

/** Short, stable descriptions of failures for problems and logs (no URLs, no timestamps). */
final class Failures {

  /** {@code HTTP 403: ACL not found}, or the root cause's class and message. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof ConsulException ce && ce.hasCode()) {
        String message = String.valueOf(ce.getMessage());
        int at = message.indexOf("]: ");
        return "HTTP "
            + ce.getCode()
            + ": "
            + (at < 0 ? message : message.substring(at + 3).trim());
      }
    }
    Throwable root = failure;
    while (next(root) != null) {
      root = next(root);
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * Whether Consul answered but the answer could not be read (JSON of an unexpected shape): a
   * problem with the data, not an outage.
   */
  static boolean isUnreadableAnswer(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof JacksonException) {
        return true;
      }
    }
    return false;
  }

  /** Whether a failure is Consul saying "no such TTL check": the agent lost the registration. */
  static boolean isUnknownTtlCheck(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof ConsulException ce
          && ce.hasCode()
          && ce.getCode() == 500
          && String.valueOf(ce.getMessage()).contains("does not have associated TTL")) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Throwable next(Throwable t) {
    Throwable cause = t.getCause();
    return cause == t ? null : cause;
  }

  private Failures() {}
}
