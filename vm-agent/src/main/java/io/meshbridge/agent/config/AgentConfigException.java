package io.meshbridge.agent.config;

/** A config that cannot be used; the message names the file, the field path and what was expected. */
public final class AgentConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AgentConfigException(String message) {
    super(message);
  }
}
