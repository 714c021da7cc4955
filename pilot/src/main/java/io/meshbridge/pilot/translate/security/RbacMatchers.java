package io.meshbridge.pilot.translate.security;

import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.type.matcher.v3.PathMatcher;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.pilot.policy.AuthorizationRule.Match;
import com.google.protobuf.UInt32Value;

/**
 * One AuthorizationPolicy field or condition as an RBAC principal or permission (docs/xds.md,
 * "AuthorizationPolicy → RBAC"): its values ORed, negated with {@code not_id}/{@code not_rule}.
 * Istio's patterns: {@code *} is presence, {@code x*} a prefix, {@code *x} a suffix.
 */
final class RbacMatchers {

  /** The presence of any value, where a {@code StringMatcher} has no presence match. */
  static final String ANY = ".+";

  static Principal principal(Match m) {
    Principal.Set.Builder any = Principal.Set.newBuilder();
    for (String v : m.values()) {
      any.addIds(principalOf(m, v));
    }
    Principal ored = Principal.newBuilder().setOrIds(any).build();
    return m.negated() ? Principal.newBuilder().setNotId(ored).build() : ored;
  }

  static Permission permission(Match m) {
    Permission.Set.Builder any = Permission.Set.newBuilder();
    for (String v : m.values()) {
      any.addRules(permissionOf(m, v));
    }
    Permission ored = Permission.newBuilder().setOrRules(any).build();
    return m.negated() ? Permission.newBuilder().setNotRule(ored).build() : ored;
  }

  private static Principal principalOf(Match m, String v) {
    return switch (m.attribute()) {
      case PRINCIPAL -> authenticated(pattern(v, "spiffe://", false));
      case NAMESPACE -> authenticated(regex("^spiffe://[^/]+/ns/" + namespaceRegex(v) + "/.*"));
      case SOURCE_IP -> Principal.newBuilder().setDirectRemoteIp(cidr(v)).build();
      case REMOTE_IP -> Principal.newBuilder().setRemoteIp(cidr(v)).build();
      default -> throw new IllegalArgumentException(m.field() + ": not about the peer");
    };
  }

  private static Permission permissionOf(Match m, String v) {
    return switch (m.attribute()) {
      case HOST -> header(":authority", v, true);
      case PORT -> Permission.newBuilder().setDestinationPort(Integer.parseInt(v)).build();
      case METHOD -> header(":method", v, false);
      case PATH ->
          Permission.newBuilder()
              .setUrlPath(PathMatcher.newBuilder().setPath(pattern(v, "", false)))
              .build();
      case REQUEST_HEADER -> header(m.header(), v, false);
      default -> throw new IllegalArgumentException(m.field() + ": not about the request");
    };
  }

  private static Principal authenticated(StringMatcher name) {
    return Principal.newBuilder()
        .setAuthenticated(Principal.Authenticated.newBuilder().setPrincipalName(name))
        .build();
  }

  private static Permission header(String name, String v, boolean ignoreCase) {
    HeaderMatcher.Builder header = HeaderMatcher.newBuilder().setName(name);
    if (v.equals("*")) {
      header.setPresentMatch(true);
    } else {
      header.setStringMatch(pattern(v, "", ignoreCase));
    }
    return Permission.newBuilder().setHeader(header).build();
  }

  /** {@code *} presence, {@code x*} prefix, {@code *x} suffix, else exact; {@code add} in front. */
  static StringMatcher pattern(String v, String add, boolean ignoreCase) {
    StringMatcher.Builder s = StringMatcher.newBuilder();
    if (v.equals("*")) {
      return s.setSafeRegex(RegexMatcher.newBuilder().setRegex(ANY)).build();
    } else if (v.endsWith("*")) {
      s.setPrefix(add + v.substring(0, v.length() - 1));
    } else if (v.startsWith("*")) {
      s.setSuffix(v.substring(1));
    } else {
      s.setExact(add + v);
    }
    return s.setIgnoreCase(ignoreCase).build();
  }

  private static StringMatcher regex(String regex) {
    return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(regex))
        .build();
  }

  /** A namespace pattern as a regex for one path segment. */
  private static String namespaceRegex(String v) {
    if (v.equals("*")) {
      return "[^/]+";
    }
    if (v.endsWith("*")) {
      return quote(v.substring(0, v.length() - 1)) + "[^/]*";
    }
    if (v.startsWith("*")) {
      return "[^/]*" + quote(v.substring(1));
    }
    return quote(v);
  }

  private static String quote(String literal) {
    StringBuilder out = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static CidrRange cidr(String v) {
    int slash = v.indexOf('/');
    String address = slash < 0 ? v : v.substring(0, slash);
    int length = slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(v.substring(slash + 1));
    return CidrRange.newBuilder().setAddressPrefix(address).setPrefixLen(UInt32Value.of(length))
        .build();
  }

  private RbacMatchers() {}
}
