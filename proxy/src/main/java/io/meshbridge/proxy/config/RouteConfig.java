package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A route table (Envoy's {@code RouteConfiguration}): virtual hosts, matched by Host header. */
public record RouteConfig(String name, List<VirtualHostConfig> virtualHosts) {

  public RouteConfig {
    requireNonNull(name, "name");
    virtualHosts = List.copyOf(virtualHosts);
  }
}
