package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.bootstrap.HostPort;

/**
 * The in-process proxy.
 *
 * @param nodeId the xDS node id (default {@code <service>-<instanceId>.<namespace>})
 * @param bindAddress where the outbound listeners bind ({@code MESHBRIDGE_BIND_ADDRESS}, default
 *     127.0.0.1)
 * @param adminAddress the proxy's admin endpoint (default 127.0.0.1:15000)
 * @param bootFromLastConfig keep {@code <stateDir>/last-config} and start the proxy with it, so it
 *     serves (and READY=1 goes out) when pilot is unreachable at boot (default true)
 */
public record ProxySettings(String nodeId, String bindAddress, HostPort adminAddress,
    boolean bootFromLastConfig) {

  public ProxySettings {
    requireNonNull(nodeId, "nodeId");
    requireNonNull(bindAddress, "bindAddress");
    requireNonNull(adminAddress, "adminAddress");
    if (!HostPort.isIpLiteral(bindAddress)) {
      throw new IllegalArgumentException(
          "bindAddress: '" + bindAddress + "' (expected: an IP literal, e.g. 127.0.0.1)");
    }
  }
}
