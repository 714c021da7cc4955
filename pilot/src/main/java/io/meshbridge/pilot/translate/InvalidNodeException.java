package io.meshbridge.pilot.translate;

/** A node's identity or metadata cannot be mapped to a {@link ProxyScope}; names the field. */
public final class InvalidNodeException extends IllegalArgumentException {

  public InvalidNodeException(String message) {
    super(message);
  }
}
