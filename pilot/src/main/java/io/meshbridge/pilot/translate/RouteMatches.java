package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.pilot.policy.HttpMatch;
import io.meshbridge.pilot.policy.StringMatch;

/** Istio's {@code HTTPMatchRequest} as an Envoy {@link RouteMatch}. */
final class RouteMatches {

  static RouteMatch match(HttpMatch m) {
    RouteMatch.Builder match = RouteMatch.newBuilder();
    StringMatch uri = m.uri();
    if (uri == null) {
      match.setPrefix("/");
    } else {
      switch (uri.kind()) {
        case EXACT -> match.setPath(uri.value());
        case PREFIX -> match.setPrefix(uri.value());
        case REGEX -> match.setSafeRegex(regex(uri.value()));
      }
    }
    if (m.ignoreUriCase()) {
      match.setCaseSensitive(com.google.protobuf.BoolValue.of(false));
    }
    m.headers().forEach((name, value) -> match.addHeaders(header(name, value)));
    if (m.method() != null) {
      match.addHeaders(header(":method", m.method()));
    }
    if (m.authority() != null) {
      match.addHeaders(header(":authority", m.authority()));
    }
    m.queryParams().forEach((name, value) ->
        match.addQueryParameters(
            QueryParameterMatcher.newBuilder().setName(name).setStringMatch(matcher(value))));
    return match.build();
  }

  static StringMatcher matcher(StringMatch value) {
    StringMatcher.Builder matcher = StringMatcher.newBuilder();
    switch (value.kind()) {
      case EXACT -> matcher.setExact(value.value());
      case PREFIX -> matcher.setPrefix(value.value());
      case REGEX -> matcher.setSafeRegex(regex(value.value()));
    }
    return matcher.build();
  }

  static RegexMatcher regex(String regex) {
    return RegexMatcher.newBuilder().setRegex(regex).build();
  }

  private static HeaderMatcher header(String name, StringMatch value) {
    return HeaderMatcher.newBuilder().setName(name).setStringMatch(matcher(value)).build();
  }

  private RouteMatches() {}
}
