package io.meshbridge.proxy.testing;

import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/** Terse {@link RequestView}s and route inspection for matching tests. */
public final class Requests {

  private Requests() {}

  /** A GET of {@code target} with Host {@code host} and no other header. */
  public static RequestView get(String host, String target) {
    return new RequestView("GET", host, target, new DefaultHttpHeaders());
  }

  /** A request with these headers ({@code name, value, name, value, ...}). */
  public static RequestView request(String method, String host, String target, String... headers) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return new RequestView(method, host, target, h);
  }

  /** The only cluster {@code route} forwards to, or null when it has no route or no forward. */
  public static @Nullable String clusterOf(@Nullable RouteEntry route) {
    return route != null && route.action() instanceof RouteAction.Forward f
        ? f.clusters().get(0).name()
        : null;
  }

  public static @Nullable String clusterOf(RouteTable.@Nullable Match match) {
    return match == null ? null : clusterOf(match.route());
  }
}
