package io.meshbridge.model;

/** Checks shared by the model's records. */
final class Validation {

  static void checkPort(String field, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(field + ": " + port + " (expected: 1..65535)");
    }
  }

  private Validation() {}
}
