package io.meshbridge.registry.eureka;

/** One Eureka instance cannot be read; the message names the field and what was expected. */
final class InvalidInstanceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidInstanceException(String message) {
    super(message);
  }
}
