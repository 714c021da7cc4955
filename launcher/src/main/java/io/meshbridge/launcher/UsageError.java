package io.meshbridge.launcher;

/** A command line that names something that cannot be used; exits with code 2, as flag errors do. */
final class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageError(String message) {
    super(message);
  }
}
