package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.QueryMatch;
import io.meshbridge.proxy.config.Regex;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code RouteMatch} → {@link io.meshbridge.proxy.config.RouteMatch}: {@code prefix}, {@code path}
 * or {@code safe_regex} (RE2 subset, full match), {@code case_sensitive}, {@code headers} ({@code
 * string_match} or {@code present_match}, {@code invert_match}) and {@code query_parameters}
 * ({@code string_match} or {@code present_match}).
 */
final class MatchConverter {

  /** Pseudo-headers a header matcher may name; others have no HTTP/1.1 meaning here. */
  private static final Set<String> PSEUDO_HEADERS =
      Set.of(":method", ":authority", ":path", ":scheme");

  private MatchConverter() {}

  static io.meshbridge.proxy.config.RouteMatch convert(
      RouteMatch match, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(
        match, path, "prefix", "path", "safe_regex", "case_sensitive", "headers",
        "query_parameters");
    boolean caseSensitive = !match.hasCaseSensitive() || match.getCaseSensitive().getValue();
    PathMatch pathMatch =
        switch (match.getPathSpecifierCase()) {
          case PREFIX -> new PathMatch(PathMatch.Kind.PREFIX, match.getPrefix(), caseSensitive);
          case PATH -> new PathMatch(PathMatch.Kind.PATH, match.getPath(), caseSensitive);
          case SAFE_REGEX -> {
            Regex regex = regex(match.getSafeRegex(), check, join(path, "safe_regex"));
            yield new PathMatch(PathMatch.Kind.REGEX, regex.pattern(), true, regex);
          }
          default ->
              throw check.invalid(path, "no path specifier (expected: prefix, path or safe_regex)");
        };
    List<HeaderMatch> headers = new ArrayList<>();
    for (int i = 0; i < match.getHeadersCount(); i++) {
      headers.add(header(match.getHeaders(i), check, at(join(path, "headers"), i)));
    }
    List<QueryMatch> queries = new ArrayList<>();
    for (int i = 0; i < match.getQueryParametersCount(); i++) {
      queries.add(
          query(match.getQueryParameters(i), check, at(join(path, "query_parameters"), i)));
    }
    return new io.meshbridge.proxy.config.RouteMatch(pathMatch, headers, queries);
  }

  static HeaderMatch header(HeaderMatcher m, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(m, path, "name", "string_match", "present_match", "invert_match");
    String name = m.getName().toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      throw check.invalid(join(path, "name"), "missing (expected: a header name)");
    }
    if (name.startsWith(":") && !PSEUDO_HEADERS.contains(name)) {
      throw check.invalid(
          join(path, "name"),
          "'" + m.getName() + "' is not supported (supported pseudo-headers: :method, "
              + ":authority, :path, :scheme)");
    }
    return switch (m.getHeaderMatchSpecifierCase()) {
      case STRING_MATCH ->
          new HeaderMatch(
              name,
              string(m.getStringMatch(), check, join(path, "string_match")),
              true,
              m.getInvertMatch());
      case PRESENT_MATCH -> new HeaderMatch(name, null, m.getPresentMatch(), m.getInvertMatch());
      default ->
          throw check.invalid(
              path, "no match specifier (expected: string_match or present_match)");
    };
  }

  private static QueryMatch query(QueryParameterMatcher m, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(m, path, "name", "string_match", "present_match");
    if (m.getName().isEmpty()) {
      throw check.invalid(join(path, "name"), "missing (expected: a query parameter name)");
    }
    return switch (m.getQueryParameterMatchSpecifierCase()) {
      case STRING_MATCH ->
          new QueryMatch(m.getName(), string(m.getStringMatch(), check, join(path, "string_match")));
      case PRESENT_MATCH -> {
        if (!m.getPresentMatch()) {
          throw check.invalid(
              join(path, "present_match"), "false (expected: true; Envoy rejects false)");
        }
        yield new QueryMatch(m.getName(), null);
      }
      default ->
          throw check.invalid(
              path, "no match specifier (expected: string_match or present_match)");
    };
  }

  static StringMatch string(StringMatcher m, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        m, path, "exact", "prefix", "suffix", "contains", "safe_regex", "ignore_case");
    boolean ic = m.getIgnoreCase();
    switch (m.getMatchPatternCase()) {
      case EXACT:
        return StringMatch.of(StringMatch.Kind.EXACT, m.getExact(), ic);
      case PREFIX:
        return nonEmpty(StringMatch.Kind.PREFIX, m.getPrefix(), ic, check, join(path, "prefix"));
      case SUFFIX:
        return nonEmpty(StringMatch.Kind.SUFFIX, m.getSuffix(), ic, check, join(path, "suffix"));
      case CONTAINS:
        return nonEmpty(
            StringMatch.Kind.CONTAINS, m.getContains(), ic, check, join(path, "contains"));
      case SAFE_REGEX:
        if (ic) {
          throw check.invalid(
              join(path, "ignore_case"), "true (expected: false with safe_regex, as Envoy)");
        }
        Regex regex = regex(m.getSafeRegex(), check, join(path, "safe_regex"));
        return new StringMatch(StringMatch.Kind.REGEX, regex.pattern(), false, regex);
      default:
        throw check.invalid(
            path, "no match pattern (expected: exact, prefix, suffix, contains or safe_regex)");
    }
  }

  private static StringMatch nonEmpty(
      StringMatch.Kind kind, String value, boolean ic, FieldChecker check, String path)
      throws InvalidResourceException {
    if (value.isEmpty()) {
      throw check.invalid(path, "'' (expected: a non-empty string, as Envoy)");
    }
    return StringMatch.of(kind, value, ic);
  }

  @SuppressWarnings("deprecation") // google_re2.max_program_size is deprecated but must be refused
  static Regex regex(RegexMatcher m, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(m, path, "google_re2", "regex");
    if (m.getGoogleRe2().hasMaxProgramSize()) {
      throw check.invalid(join(path, "google_re2.max_program_size"), "not supported");
    }
    if (m.getRegex().isEmpty()) {
      throw check.invalid(join(path, "regex"), "missing (expected: an RE2 regex)");
    }
    try {
      return new Regex(m.getRegex());
    } catch (IllegalArgumentException e) {
      throw check.invalid(join(path, "regex"), e.getMessage().replaceFirst("^regex: ", ""));
    }
  }
}
