package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.ServiceKey;

/**
 * A mesh service the local app calls: through the outbound listener on {@code
 * <proxy.bindAddress>:<port>} (pilot names it {@code <bindAddress>_<port>}), by the host name
 * {@code <name>.<namespace>.mesh}.
 */
public record Upstream(ServiceKey service, int port) {

  public Upstream {
    requireNonNull(service, "service");
  }

  /** The listener pilot sends for this port on {@code bindAddress} (docs/xds.md). */
  public String listenerName(String bindAddress) {
    return bindAddress + "_" + port;
  }
}
