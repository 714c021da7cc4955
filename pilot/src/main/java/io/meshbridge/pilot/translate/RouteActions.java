package io.meshbridge.pilot.translate;

import com.google.protobuf.UInt32Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.meshbridge.pilot.policy.HttpMatch;
import io.meshbridge.pilot.policy.HttpPolicies.Rewrite;
import io.meshbridge.pilot.policy.HttpRoute;
import io.meshbridge.pilot.policy.StringMatch;
import java.util.List;
import java.util.regex.Pattern;

/** The {@link RouteAction} of an Istio HTTP route to its (already resolved) destinations. */
final class RouteActions {

  /**
   * The action for {@code route} under match {@code m}: cluster or weighted clusters (with their
   * header operations), timeout, retries, rewrite, mirrors and hash policy.
   */
  static RouteAction action(
      HttpRoute route, HttpMatch m, List<Target> targets, List<Target> mirrors,
      Policies policies) {
    RouteAction.Builder action = RouteAction.newBuilder();
    if (targets.size() == 1) {
      action.setCluster(targets.get(0).cluster());
    } else {
      WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
      for (int j = 0; j < targets.size(); j++) {
        WeightedCluster.ClusterWeight.Builder cluster =
            WeightedCluster.ClusterWeight.newBuilder()
                .setName(targets.get(j).cluster())
                .setWeight(UInt32Value.of(route.destinations().get(j).weight()));
        HeaderOptions.apply(route.destinations().get(j).headers(), cluster);
        weighted.addClusters(cluster);
      }
      action.setWeightedClusters(weighted);
    }
    if (route.timeout() != null) {
      action.setTimeout(Durations.fromNanos(route.timeout().toNanos()));
    }
    if (route.retries() != null && route.retries().attempts() > 0) {
      action.setRetryPolicy(RetryPolicies.of(route.retries()));
    }
    if (route.rewrite() != null) {
      rewrite(route.rewrite(), m, action);
    }
    for (int j = 0; j < mirrors.size(); j++) {
      double pct = route.mirrors().get(j).percentage();
      if (pct > 0) { // Istio: an explicit 0 % mirrors nothing
        action.addRequestMirrorPolicies(
            RouteAction.RequestMirrorPolicy.newBuilder()
                .setCluster(mirrors.get(j).cluster())
                .setRuntimeFraction(
                    RuntimeFractionalPercent.newBuilder().setDefaultValue(Percents.of(pct))));
      }
    }
    HashPolicies.of(targets, policies).ifPresent(action::addHashPolicy);
    return action.build();
  }

  /**
   * Istio's {@code rewrite.uri} replaces what the match matched: the prefix for a prefix match
   * ({@code prefix_rewrite}), the whole path for an exact or regex match ({@code regex_rewrite}).
   */
  private static void rewrite(Rewrite rewrite, HttpMatch m, RouteAction.Builder action) {
    if (rewrite.uri() != null) {
      StringMatch uri = m.uri();
      if (uri == null || uri.kind() == StringMatch.Kind.PREFIX) {
        action.setPrefixRewrite(rewrite.uri());
      } else {
        String pattern =
            uri.kind() == StringMatch.Kind.EXACT ? "^" + quote(uri.value()) + "$" : uri.value();
        action.setRegexRewrite(
            RegexMatchAndSubstitute.newBuilder()
                .setPattern(RouteMatches.regex(pattern))
                .setSubstitution(rewrite.uri()));
      }
    }
    if (rewrite.uriRegex() != null) {
      action.setRegexRewrite(
          RegexMatchAndSubstitute.newBuilder()
              .setPattern(RouteMatches.regex(rewrite.uriRegex().match()))
              .setSubstitution(rewrite.uriRegex().rewrite()));
    }
    if (rewrite.authority() != null) {
      action.setHostRewriteLiteral(rewrite.authority());
    }
  }

  private static final Pattern SPECIAL = Pattern.compile("[\\\\.+*?()|\\[\\]{}^$]");

  /** {@code text} as an RE2 literal: every metacharacter escaped with a backslash. */
  static String quote(String text) {
    return SPECIAL.matcher(text).replaceAll("\\\\$0");
  }

  private RouteActions() {}
}
