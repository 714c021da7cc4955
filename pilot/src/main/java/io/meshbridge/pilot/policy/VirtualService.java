package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An Istio VirtualService for mesh traffic (no gateways).
 *
 * @param hosts the hosts it applies to, normalized by {@link Hosts#normalize}
 * @param http its routes, in the order they are tried
 */
public record VirtualService(
    String namespace, String name, List<String> hosts, List<HttpRoute> http, String source)
    implements PolicyResource {

  public static final String KIND = "VirtualService";

  public VirtualService {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    hosts = List.copyOf(hosts);
    http = List.copyOf(http);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
