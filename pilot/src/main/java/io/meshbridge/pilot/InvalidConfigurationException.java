package io.meshbridge.pilot;

/** A pilot configuration file is invalid; the message names the file and the field. */
public final class InvalidConfigurationException extends RuntimeException {

  public InvalidConfigurationException(String message) {
    super(message);
  }

  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
