package io.meshbridge.proxy.bootstrap;

/**
 * A bootstrap file that cannot be read or used. The message names the file and, where there is
 * one, the field: {@code proxy.yaml: node.id: missing (expected: a non-empty node id)}.
 */
public final class BootstrapException extends Exception {

  private static final long serialVersionUID = 1L;

  public BootstrapException(String message) {
    super(message);
  }

  public BootstrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
