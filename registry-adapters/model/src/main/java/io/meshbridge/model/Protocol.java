package io.meshbridge.model;

import java.util.Locale;

/** The application protocol spoken on a service port. */
public enum Protocol {
  HTTP,
  HTTP2,
  GRPC,
  TCP,
  TLS;

  /** Whether traffic on this port is HTTP of some kind, so it can be routed by host and path. */
  public boolean isHttp() {
    return this == HTTP || this == HTTP2 || this == GRPC;
  }

  /**
   * Parses a protocol name case-insensitively ({@code http}, {@code HTTP2}, {@code grpc}, ...).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Protocol parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "protocol: '" + value + "' (expected one of: HTTP, HTTP2, GRPC, TCP, TLS)", e);
    }
  }
}
