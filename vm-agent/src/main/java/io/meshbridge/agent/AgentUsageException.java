package io.meshbridge.agent;

/** Bad input from the user (a flag, a file, a config field): reported in one line, no stack. */
public final class AgentUsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AgentUsageException(String message) {
    super(message);
  }
}
