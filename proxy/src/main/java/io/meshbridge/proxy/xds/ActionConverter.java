package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.MirrorPolicy;
import io.meshbridge.proxy.config.PathRegexRewrite;
import io.meshbridge.proxy.config.Regex;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction.DirectResponse;
import io.meshbridge.proxy.config.RouteAction.Forward;
import io.meshbridge.proxy.config.RouteAction.Redirect;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's action → {@link io.meshbridge.proxy.config.RouteAction}: {@code route} ({@code
 * cluster} or {@code weighted_clusters}, {@code timeout}, {@code prefix_rewrite}, {@code
 * regex_rewrite}, {@code
 * host_rewrite_literal}, {@code retry_policy}, {@code request_mirror_policies}, {@code
 * hash_policy}), {@code direct_response} (inline body) and {@code redirect}.
 */
final class ActionConverter {

  private ActionConverter() {}

  /** @param retryNonIdempotent the route metadata's opt-in for retrying POST and PATCH */
  static Forward forward(
      RouteAction a, PathMatch match, boolean retryNonIdempotent, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        a, path, "cluster", "weighted_clusters", "timeout", "prefix_rewrite", "regex_rewrite",
        "host_rewrite_literal", "retry_policy", "request_mirror_policies", "hash_policy");
    List<io.meshbridge.proxy.config.RouteAction.WeightedCluster> clusters =
        switch (a.getClusterSpecifierCase()) {
          case CLUSTER -> {
            if (a.getCluster().isEmpty()) {
              throw check.invalid(join(path, "cluster"), "missing (expected: a cluster name)");
            }
            yield List.of(new io.meshbridge.proxy.config.RouteAction.WeightedCluster(
                a.getCluster(), 1));
          }
          case WEIGHTED_CLUSTERS ->
              weighted(a.getWeightedClusters(), check, join(path, "weighted_clusters"));
          default ->
              throw check.invalid(
                  join(path, "cluster"), "missing (expected: a cluster name)");
        };
    Duration timeout = null;
    if (a.hasTimeout()) {
      com.google.protobuf.Duration t = a.getTimeout();
      timeout =
          t.getSeconds() == 0 && t.getNanos() == 0
              ? Duration.ZERO
              : ProtoDurations.positive(t)
                  .orElseThrow(
                      () ->
                          check.invalid(
                              join(path, "timeout"),
                              ProtoDurations.describe(t) + " (expected: >= 0s, 0s for none)"));
    }
    if (!a.getPrefixRewrite().isEmpty() && match.kind() == PathMatch.Kind.REGEX) {
      throw check.invalid(
          join(path, "prefix_rewrite"), "not supported with a safe_regex match "
              + "(expected: a prefix or path match)");
    }
    PathRegexRewrite regexRewrite = a.hasRegexRewrite()
        ? regexRewrite(a.getRegexRewrite(), check, join(path, "regex_rewrite"))
        : null;
    if (regexRewrite != null && !a.getPrefixRewrite().isEmpty()) {
      throw check.invalid(join(path, "regex_rewrite"), "not allowed together with prefix_rewrite");
    }
    RetryPolicy retry =
        a.hasRetryPolicy()
            ? RetryPolicyConverter.convert(a.getRetryPolicy(), check, join(path, "retry_policy"))
                .withRetryNonIdempotent(retryNonIdempotent)
            : RetryPolicy.NONE;
    List<MirrorPolicy> mirrors = new ArrayList<>();
    for (int i = 0; i < a.getRequestMirrorPoliciesCount(); i++) {
      mirrors.add(
          mirror(a.getRequestMirrorPolicies(i), check, at(join(path, "request_mirror_policies"), i)));
    }
    return new Forward(
        clusters, timeout, retry, a.getPrefixRewrite(), a.getHostRewriteLiteral(), mirrors,
        HashPolicyConverter.convert(a.getHashPolicyList(), check, join(path, "hash_policy")),
        regexRewrite);
  }

  private static PathRegexRewrite regexRewrite(
      io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute r, FieldChecker check,
      String path) throws InvalidResourceException {
    check.onlySupported(r, path, "pattern", "substitution");
    if (!r.hasPattern()) {
      throw check.invalid(join(path, "pattern"), "missing (expected: an RE2 regex)");
    }
    Regex pattern = MatchConverter.regex(r.getPattern(), check, join(path, "pattern"));
    try {
      return new PathRegexRewrite(pattern, r.getSubstitution());
    } catch (IllegalArgumentException e) {
      throw check.invalid(
          join(path, "substitution"), e.getMessage().replaceFirst("^substitution: ", ""));
    }
  }

  private static MirrorPolicy mirror(
      RouteAction.RequestMirrorPolicy m, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(m, path, "cluster", "runtime_fraction");
    if (m.getCluster().isEmpty()) {
      throw check.invalid(join(path, "cluster"), "missing (expected: a cluster name)");
    }
    Fraction fraction =
        m.hasRuntimeFraction()
            ? FilterConfigConverter.runtimeFraction(
                m.getRuntimeFraction(), check, join(path, "runtime_fraction"))
            : Fraction.ALL; // Envoy mirrors every request without a runtime_fraction
    return new MirrorPolicy(m.getCluster(), fraction);
  }

  private static List<io.meshbridge.proxy.config.RouteAction.WeightedCluster> weighted(
      WeightedCluster w, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(w, path, "clusters");
    List<io.meshbridge.proxy.config.RouteAction.WeightedCluster> out = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < w.getClustersCount(); i++) {
      ClusterWeight c = w.getClusters(i);
      String p = at(join(path, "clusters"), i);
      check.onlySupported(c, p, "name", "weight");
      if (c.getName().isEmpty()) {
        throw check.invalid(join(p, "name"), "missing (expected: a cluster name)");
      }
      int weight = c.getWeight().getValue();
      if (weight < 0) { // uint32 above Integer.MAX_VALUE
        throw check.invalid(
            join(p, "weight"), Integer.toUnsignedString(weight) + " (expected: 0..2147483647)");
      }
      total += weight;
      out.add(new io.meshbridge.proxy.config.RouteAction.WeightedCluster(c.getName(), weight));
    }
    if (total < 1) {
      throw check.invalid(
          join(path, "clusters"), "weights sum to 0 (expected: at least one positive weight)");
    }
    return out;
  }

  static DirectResponse directResponse(
      DirectResponseAction d, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(d, path, "status", "body");
    if (d.getStatus() < 200 || d.getStatus() > 599) {
      throw check.invalid(join(path, "status"), d.getStatus() + " (expected: 200..599)");
    }
    DataSource body = d.getBody();
    check.onlySupported(body, join(path, "body"), "inline_string", "inline_bytes");
    String text =
        body.hasInlineBytes()
            ? body.getInlineBytes().toString(StandardCharsets.UTF_8)
            : body.getInlineString();
    return new DirectResponse(d.getStatus(), text);
  }

  static Redirect redirect(RedirectAction r, PathMatch match, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        r, path, "https_redirect", "scheme_redirect", "host_redirect", "port_redirect",
        "path_redirect", "prefix_rewrite", "response_code", "strip_query");
    String scheme = r.getHttpsRedirect() ? "https" : r.getSchemeRedirect();
    if (r.getPortRedirect() > 65535) {
      throw check.invalid(
          join(path, "port_redirect"), r.getPortRedirect() + " (expected: 1..65535)");
    }
    if (!r.getPrefixRewrite().isEmpty() && match.kind() == PathMatch.Kind.REGEX) {
      throw check.invalid(
          join(path, "prefix_rewrite"), "not supported with a safe_regex match "
              + "(expected: a prefix or path match)");
    }
    int status =
        switch (r.getResponseCode()) {
          case MOVED_PERMANENTLY -> 301;
          case FOUND -> 302;
          case SEE_OTHER -> 303;
          case TEMPORARY_REDIRECT -> 307;
          case PERMANENT_REDIRECT -> 308;
          default ->
              throw check.invalid(
                  join(path, "response_code"),
                  r.getResponseCodeValue() + " (expected: MOVED_PERMANENTLY, FOUND, SEE_OTHER, "
                      + "TEMPORARY_REDIRECT or PERMANENT_REDIRECT)");
        };
    return new Redirect(
        scheme,
        r.getHostRedirect(),
        r.getPortRedirect(),
        r.getPathRedirect(),
        r.getPrefixRewrite(),
        r.getStripQuery(),
        status);
  }
}
