package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.RouteConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an LDS {@code Listener} means to this proxy.
 *
 * @param name the listener name
 * @param config what to bind, or {@code null} for an {@code api_listener} (proxyless gRPC), which
 *     this proxy does not bind
 * @param inlineRoute the route table given inline in the HTTP connection manager, stored under
 *     {@link ListenerConfig#routeConfigName()}; {@code null} when routes come from RDS (or for a
 *     TCP listener)
 * @param skippedHttpFilters optional HTTP filters this proxy does not implement and skipped
 */
public record ListenerResource(
    String name,
    @Nullable ListenerConfig config,
    @Nullable RouteConfig inlineRoute,
    List<String> skippedHttpFilters) {

  public ListenerResource {
    requireNonNull(name, "name");
    skippedHttpFilters = List.copyOf(skippedHttpFilters);
  }

  /** A listener with an {@code api_listener}: valid, but not bound by this proxy. */
  static ListenerResource apiListener(String name) {
    return new ListenerResource(name, null, null, List.of());
  }

  /** The RDS route table this listener needs, or {@code null} (api listener or inline routes). */
  public @Nullable String rdsName() {
    return config == null || inlineRoute != null || config.isTcp()
        ? null
        : config.routeConfigName();
  }
}
