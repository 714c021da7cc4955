package io.meshbridge.pilot.policy;

/** A field of a policy document that is not supported or not valid; the message names its path. */
final class InvalidPolicyException extends RuntimeException {

  InvalidPolicyException(String path, String problem) {
    super(path + ": " + problem);
  }
}
