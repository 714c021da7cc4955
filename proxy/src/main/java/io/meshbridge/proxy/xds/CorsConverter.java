package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.StringMatch;
import java.util.ArrayList;
import java.util.List;

/** A route's {@code CorsPolicy} → {@link io.meshbridge.proxy.config.CorsPolicy}. */
final class CorsConverter {

  private CorsConverter() {}

  static io.meshbridge.proxy.config.CorsPolicy convert(
      CorsPolicy c, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(
        c, path, "allow_origin_string_match", "allow_methods", "allow_headers", "expose_headers",
        "max_age", "allow_credentials", "filter_enabled", "forward_not_matching_preflights");
    List<StringMatch> origins = new ArrayList<>();
    for (int i = 0; i < c.getAllowOriginStringMatchCount(); i++) {
      origins.add(
          MatchConverter.string(
              c.getAllowOriginStringMatch(i), check,
              at(join(path, "allow_origin_string_match"), i)));
    }
    if (!c.getMaxAge().isEmpty() && !c.getMaxAge().matches("\\d{1,10}")) {
      throw check.invalid(
          join(path, "max_age"), "'" + c.getMaxAge() + "' (expected: a number of seconds)");
    }
    Fraction enabled =
        c.hasFilterEnabled()
            ? FilterConfigConverter.runtimeFraction(
                c.getFilterEnabled(), check, join(path, "filter_enabled"))
            : Fraction.ALL; // Envoy: CORS is on unless filter_enabled says otherwise
    return new io.meshbridge.proxy.config.CorsPolicy(
        origins,
        c.getAllowMethods(),
        c.getAllowHeaders(),
        c.getExposeHeaders(),
        c.getMaxAge(),
        c.hasAllowCredentials() && c.getAllowCredentials().getValue(),
        enabled,
        !c.hasForwardNotMatchingPreflights() || c.getForwardNotMatchingPreflights().getValue());
  }
}
