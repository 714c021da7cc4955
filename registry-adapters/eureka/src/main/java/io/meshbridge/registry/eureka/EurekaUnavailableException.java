package io.meshbridge.registry.eureka;

/**
 * No configured Eureka server gave a usable answer: none answered, or the answer was an error or
 * unreadable. The message names each server and what went wrong with it.
 */
final class EurekaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EurekaUnavailableException(String message) {
    super(message);
  }

  EurekaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
