package io.meshbridge.pilot.ca;

/** The CA cannot start: a file is missing, unreadable or does not fit; the message names it. */
public final class CaConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CaConfigException(String message) {
    super(message);
  }

  public CaConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
