package io.meshbridge.registry.zookeeper;

/** A znode that does not hold a usable instance; the message names the znode and the field. */
final class InvalidInstanceException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidInstanceException(String path, String problem) {
    super(path + ": " + problem);
  }
}
