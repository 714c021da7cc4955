package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteAction.WeightedCluster;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.route.Rewrites;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What happens to a request, decided from one snapshot. Pure but for the weighted cluster draw;
 * the caller counts stats.
 */
final class RequestRouter {

  private RequestRouter() {}

  /** The outcome of routing: forward, answer locally, or the reason there is no route. */
  sealed interface Decision permits Forward, Reply, NoRoute, NoCluster {}

  /** Forward to {@code cluster} as {@code action} says; {@code match} has the header changes. */
  record Forward(ClusterState cluster, RouteTable.Match match, RouteAction.Forward action)
      implements Decision {}

  /** A direct response or redirect: status, body, and for a redirect the Location. */
  record Reply(RouteTable.Match match, int status, String body, String location)
      implements Decision {}

  record NoRoute(String text) implements Decision {}

  record NoCluster(String text) implements Decision {}

  /** Routes {@code request} with the route table {@code listener} names. */
  static Decision route(Snapshot snapshot, ListenerState listener, RequestView request) {
    RouteTable table = snapshot.routes().get(listener.config().routeConfigName());
    RouteTable.Match match = table == null ? null : table.route(request);
    if (match == null) {
      return new NoRoute(
          "no route for host '" + request.host() + "' path '" + request.path() + "'");
    }
    RouteAction action = match.route().action();
    if (action instanceof RouteAction.DirectResponse direct) {
      return new Reply(match, direct.status(), direct.body(), "");
    }
    if (action instanceof RouteAction.Redirect redirect) {
      String location = Rewrites.redirectLocation(redirect, match.route().match().path(), request);
      return new Reply(match, redirect.status(), "", location);
    }
    RouteAction.Forward forward = (RouteAction.Forward) action;
    String name = pick(forward.clusters(), ThreadLocalRandom.current().nextLong(total(forward)));
    ClusterState cluster = snapshot.clusters().get(name);
    if (cluster == null) {
      return new NoCluster("cluster '" + name + "' not found");
    }
    return new Forward(cluster, match, forward);
  }

  /** The cluster whose weight range holds {@code point} (0 <= point < total weight). */
  static String pick(List<WeightedCluster> clusters, long point) {
    long seen = 0;
    for (WeightedCluster c : clusters) {
      seen += c.weight();
      if (point < seen) {
        return c.name();
      }
    }
    throw new IllegalArgumentException("point: " + point + " (expected: < " + seen + ")");
  }

  private static long total(RouteAction.Forward forward) {
    return forward.clusters().stream().mapToLong(WeightedCluster::weight).sum();
  }
}
