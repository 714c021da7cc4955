package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.dataplane.route.Rewrites;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What a matched route changes in the messages it forwards: the path (prefix or regex rewrite),
 * the Host, and the
 * route's then the virtual host's header additions and removals (Envoy's order).
 */
final class RouteHeaders {

  private RouteHeaders() {}

  /** Rewrites the upstream request (already in origin form) as {@code action} says. */
  static void toUpstream(HttpRequest request, RouteTable.Match match, RouteAction.Forward action) {
    if (!action.prefixRewrite().isEmpty()) {
      request.setUri(
          Rewrites.prefixRewrite(
              match.route().match().path(), request.uri(), action.prefixRewrite()));
    } else if (action.regexRewrite() != null) {
      request.setUri(action.regexRewrite().apply(request.uri()));
    }
    if (!action.hostRewrite().isEmpty()) {
      request.headers().set(HttpHeaderNames.HOST, action.hostRewrite());
    }
    HttpHeaders h = request.headers();
    HeaderMutations route = match.route().headers();
    HeaderMutations vhost = match.virtualHost().headers();
    HeaderMutator.apply(h, route.requestAdd(), route.requestRemove());
    HeaderMutator.apply(h, vhost.requestAdd(), vhost.requestRemove());
  }

  /** Applies the route's then the virtual host's response header changes. */
  static void toResponse(HttpHeaders h, RouteTable.Match match) {
    HeaderMutations route = match.route().headers();
    HeaderMutations vhost = match.virtualHost().headers();
    HeaderMutator.apply(h, route.responseAdd(), route.responseRemove());
    HeaderMutator.apply(h, vhost.responseAdd(), vhost.responseRemove());
  }
}
