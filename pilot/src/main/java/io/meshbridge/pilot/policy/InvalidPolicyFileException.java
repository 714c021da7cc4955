package io.meshbridge.pilot.policy;

/** A policy file that cannot be read as YAML at all; the message names the file and line. */
public final class InvalidPolicyFileException extends RuntimeException {

  public InvalidPolicyFileException(String message) {
    super(message);
  }
}
