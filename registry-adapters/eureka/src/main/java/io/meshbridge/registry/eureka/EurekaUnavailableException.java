package io.meshbridge.registry.eureka;

/** No configured Eureka server answered; the message names each one and its failure. */
final class EurekaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EurekaUnavailableException(String message) {
    super(message);
  }
}
