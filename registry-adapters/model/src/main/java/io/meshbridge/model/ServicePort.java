package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

/**
 * A port a service is reached on: the number clients use, and its protocol.
 *
 * <p>The port an endpoint actually listens on may differ; see {@link Endpoint#targetPort}.
 */
public record ServicePort(String name, int number, Protocol protocol) {

  public ServicePort {
    requireNonNull(name, "name");
    requireNonNull(protocol, "protocol");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: '' (expected: a non-empty port name, e.g. 'http')");
    }
    Validation.checkPort("number", number);
  }
}
