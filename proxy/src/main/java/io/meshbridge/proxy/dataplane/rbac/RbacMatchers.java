package io.meshbridge.proxy.dataplane.rbac;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.route.RouteMatcher;
import io.meshbridge.proxy.dataplane.route.StringMatcher;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** Envoy's permission and principal matchers, as pure functions of an {@link RbacInput}. */
final class RbacMatchers {

  private RbacMatchers() {}

  static boolean matches(Permission p, RbacInput in) {
    if (p instanceof Permission.Any) {
      return true;
    } else if (p instanceof Permission.And and) {
      for (Permission r : and.rules()) {
        if (!matches(r, in)) {
          return false;
        }
      }
      return true;
    } else if (p instanceof Permission.Or or) {
      for (Permission r : or.rules()) {
        if (matches(r, in)) {
          return true;
        }
      }
      return false;
    } else if (p instanceof Permission.Not not) {
      return !matches(not.rule(), in);
    } else if (p instanceof Permission.Header h) {
      return header(h.match(), in);
    } else if (p instanceof Permission.UrlPath u) {
      return urlPath(u.path(), in);
    } else if (p instanceof Permission.DestinationPort d) {
      InetSocketAddress local = in.local();
      return local != null && local.getPort() == d.port();
    } else if (p instanceof Permission.DestinationIp d) {
      InetSocketAddress local = in.local();
      return local != null && d.range().contains(local.getAddress());
    }
    throw new IllegalStateException("unknown permission " + p);
  }

  static boolean matches(Principal p, RbacInput in) {
    if (p instanceof Principal.Any) {
      return true;
    } else if (p instanceof Principal.And and) {
      for (Principal id : and.ids()) {
        if (!matches(id, in)) {
          return false;
        }
      }
      return true;
    } else if (p instanceof Principal.Or or) {
      for (Principal id : or.ids()) {
        if (matches(id, in)) {
          return true;
        }
      }
      return false;
    } else if (p instanceof Principal.Not not) {
      return !matches(not.id(), in);
    } else if (p instanceof Principal.Authenticated a) {
      return authenticated(a.name(), in.peer());
    } else if (p instanceof Principal.RemoteIp r) {
      InetSocketAddress remote = in.remote();
      return remote != null && r.range().contains(remote.getAddress());
    } else if (p instanceof Principal.Header h) {
      return header(h.match(), in);
    } else if (p instanceof Principal.UrlPath u) {
      return urlPath(u.path(), in);
    }
    throw new IllegalStateException("unknown principal " + p);
  }

  /** A header matcher; a TCP connection has no headers (a missing header, as Envoy). */
  private static boolean header(HeaderMatch match, RbacInput in) {
    RequestView request = in.request();
    if (request == null) {
      return match.value() == null && match.present() == match.invert();
    }
    return RouteMatcher.matches(match, request);
  }

  /** Envoy's {@code PathMatcher}: the path without query; no path (TCP) never matches. */
  private static boolean urlPath(StringMatch path, RbacInput in) {
    RequestView request = in.request();
    return request != null && StringMatcher.matches(path, request.path());
  }

  /**
   * Envoy's {@code authenticated}: false without TLS; true for any TLS peer without a name to
   * match; else the peer's URI SAN must match (a peer without one matches no name).
   */
  private static boolean authenticated(@Nullable StringMatch name, @Nullable DownstreamPeer peer) {
    if (peer == null) {
      return false;
    }
    if (name == null) {
      return true;
    }
    String san = peer.uriSan();
    return san != null && StringMatcher.matches(name, san);
  }
}
