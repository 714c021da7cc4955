package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;

/** Where a request goes, decided from one snapshot. A pure function; the caller counts stats. */
final class RequestRouter {

  private RequestRouter() {}

  /** The outcome of routing: a cluster to forward to, or the reason there is none. */
  sealed interface Decision permits Forward, NoRoute, NoCluster {}

  record Forward(ClusterState cluster) implements Decision {}

  record NoRoute(String text) implements Decision {}

  record NoCluster(String text) implements Decision {}

  /** Routes {@code host} and {@code path} with the route table {@code listener} names. */
  static Decision route(Snapshot snapshot, ListenerState listener, String host, String path) {
    RouteTable table = snapshot.routes().get(listener.config().routeConfigName());
    RouteEntry route = table == null ? null : table.route(host, path);
    if (route == null) {
      return new NoRoute("no route for host '" + host + "' path '" + path + "'");
    }
    ClusterState cluster = snapshot.clusters().get(route.cluster());
    if (cluster == null) {
      return new NoCluster("cluster '" + route.cluster() + "' not found");
    }
    return new Forward(cluster);
  }
}
