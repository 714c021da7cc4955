package io.meshbridge.proxy.dataplane;

import io.meshbridge.proxy.config.ListenerConfig;
import org.jspecify.annotations.Nullable;

/** Turns a bind failure into the reason reported to the xDS client. */
final class BindErrors {

  private BindErrors() {}

  /**
   * {@code "cannot bind 127.0.0.1:8080: Address already in use"}: the OS reason without the
   * transport's prefix (epoll says {@code "bind(..) failed: Address already in use"}).
   */
  static String describe(ListenerConfig config, @Nullable Throwable cause) {
    if (cause instanceof TransparentBind.Refused refused) {
      return String.valueOf(refused.getMessage());
    }
    String address =
        config.host().indexOf(':') >= 0
            ? "[" + config.host() + "]:" + config.port()
            : config.host() + ":" + config.port();
    return "cannot bind " + address + ": " + reason(cause);
  }

  private static String reason(@Nullable Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    int colon = message.lastIndexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }
}
