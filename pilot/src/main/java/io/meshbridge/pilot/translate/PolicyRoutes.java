package io.meshbridge.pilot.translate;

import com.google.protobuf.UInt32Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.Destination;
import io.meshbridge.pilot.policy.DestinationRule;
import io.meshbridge.pilot.policy.HttpMatch;
import io.meshbridge.pilot.policy.HttpRoute;
import io.meshbridge.pilot.policy.Retries;
import io.meshbridge.pilot.policy.RetryOn;
import io.meshbridge.pilot.policy.StringMatch;
import io.meshbridge.pilot.policy.VirtualService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A VirtualService's HTTP routes as Envoy routes of one service port's virtual host, in order: one
 * route per match (Istio's convention), a match limited to another port left out.
 */
final class PolicyRoutes {

  static List<Route> routes(
      VirtualService vs,
      ServicePort port,
      MeshModel model,
      Policies policies,
      List<String> problems) {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < vs.http().size(); i++) {
      HttpRoute route = vs.http().get(i);
      String where = vs.describe() + ": spec.http[" + i + "]";
      RouteAction action = action(route, port, model, policies, where, problems);
      if (action == null) {
        continue;
      }
      List<HttpMatch> matches = route.matches().isEmpty() ? List.of(HttpMatch.ANY) : route.matches();
      for (HttpMatch m : matches) {
        if (m.port() == 0 || m.port() == port.number()) {
          routes.add(
              Route.newBuilder().setName(route.name()).setMatch(match(m)).setRoute(action).build());
        }
      }
    }
    return routes;
  }

  private static @Nullable RouteAction action(
      HttpRoute route,
      ServicePort port,
      MeshModel model,
      Policies policies,
      String where,
      List<String> problems) {
    RouteAction.Builder action = RouteAction.newBuilder();
    List<String> clusters = new ArrayList<>();
    for (int j = 0; j < route.destinations().size(); j++) {
      String cluster =
          cluster(route.destinations().get(j), port, model, policies, where + ".route[" + j + "]",
              problems);
      if (cluster == null) {
        return null;
      }
      clusters.add(cluster);
    }
    if (clusters.size() == 1) {
      action.setCluster(clusters.get(0));
    } else {
      WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
      for (int j = 0; j < clusters.size(); j++) {
        weighted.addClusters(
            WeightedCluster.ClusterWeight.newBuilder()
                .setName(clusters.get(j))
                .setWeight(UInt32Value.of(route.destinations().get(j).weight())));
      }
      action.setWeightedClusters(weighted);
    }
    if (route.timeout() != null) {
      action.setTimeout(Durations.fromNanos(route.timeout().toNanos()));
    }
    if (route.retries() != null && route.retries().attempts() > 0) {
      action.setRetryPolicy(retryPolicy(route.retries()));
    }
    return action.build();
  }

  /** The cluster of a destination, or null (reported) if the port or subset cannot be chosen. */
  private static @Nullable String cluster(
      Destination d,
      ServicePort routePort,
      MeshModel model,
      Policies policies,
      String where,
      List<String> problems) {
    Service service = policies.hosts.find(d.host()).map(k -> model.services().get(k)).orElse(null);
    if (service == null) {
      problems.add(where + ".destination.host: '" + d.host() + "' is not a known service");
      return null;
    }
    int wanted = d.port() != 0 ? d.port() : routePort.number();
    ServicePort port =
        service.ports().stream().filter(p -> p.number() == wanted).findFirst().orElse(null);
    if (port == null && d.port() == 0 && service.ports().size() == 1) {
      port = service.ports().get(0);
    }
    if (port == null) {
      problems.add(where + ".destination.port: service " + service.key() + " has no port "
          + wanted + (d.port() == 0 ? " and several others (expected: port.number)" : ""));
      return null;
    }
    if (d.subset().isEmpty()) {
      return Names.cluster(service, port);
    }
    DestinationRule rule = policies.rule(service.key());
    if (rule == null || rule.subset(d.subset()).isEmpty()) {
      problems.add(where + ".destination.subset: '" + d.subset()
          + "' is not defined by a DestinationRule for service " + service.key());
      return null;
    }
    return Names.subsetCluster(service, port, d.subset());
  }

  private static RouteMatch match(HttpMatch m) {
    RouteMatch.Builder match = RouteMatch.newBuilder();
    StringMatch uri = m.uri();
    if (uri == null) {
      match.setPrefix("/");
    } else {
      switch (uri.kind()) {
        case EXACT -> match.setPath(uri.value());
        case PREFIX -> match.setPrefix(uri.value());
        case REGEX -> match.setSafeRegex(RegexMatcher.newBuilder().setRegex(uri.value()));
      }
    }
    m.headers().forEach((name, value) -> match.addHeaders(header(name, value)));
    if (m.method() != null) {
      match.addHeaders(header(":method", m.method()));
    }
    if (m.authority() != null) {
      match.addHeaders(header(":authority", m.authority()));
    }
    return match.build();
  }

  private static HeaderMatcher header(String name, StringMatch value) {
    StringMatcher.Builder matcher = StringMatcher.newBuilder();
    switch (value.kind()) {
      case EXACT -> matcher.setExact(value.value());
      case PREFIX -> matcher.setPrefix(value.value());
      case REGEX -> matcher.setSafeRegex(RegexMatcher.newBuilder().setRegex(value.value()));
    }
    return HeaderMatcher.newBuilder().setName(name).setStringMatch(matcher).build();
  }

  /** Istio's retry conditions are Envoy's; HTTP status codes become retriable-status-codes. */
  private static RetryPolicy retryPolicy(Retries retries) {
    List<String> on = retries.retryOn().isEmpty() ? RetryOn.DEFAULT : retries.retryOn();
    Set<String> conditions = new LinkedHashSet<>();
    RetryPolicy.Builder policy = RetryPolicy.newBuilder();
    for (String item : on) {
      if (item.matches("\\d+")) {
        conditions.add("retriable-status-codes");
        policy.addRetriableStatusCodes(Integer.parseInt(item));
      } else {
        conditions.add(item);
      }
    }
    policy.setRetryOn(String.join(",", conditions)).setNumRetries(UInt32Value.of(retries.attempts()));
    if (retries.perTryTimeout() != null) {
      policy.setPerTryTimeout(Durations.fromNanos(retries.perTryTimeout().toNanos()));
    }
    return policy.build();
  }

  private PolicyRoutes() {}
}
