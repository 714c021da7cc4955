package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.testing.Requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private final RouteTable table =
      RouteTable.of(
          new RouteConfig(
              "8080",
              List.of(
                  new VirtualHostConfig(
                      "orders",
                      List.of("orders.mesh"),
                      List.of(new RouteEntry(PathMatch.prefix("/api"), "orders-api"))),
                  new VirtualHostConfig(
                      "web",
                      List.of("*"),
                      List.of(new RouteEntry(PathMatch.prefix("/"), "web"))))));

  @Test
  void hostThenPath() {
    assertThat(Requests.clusterOf(table.route(Requests.get("orders.mesh", "/api/1")))).isEqualTo("orders-api");
    assertThat(Requests.clusterOf(table.route(Requests.get("other.mesh", "/api/1")))).isEqualTo("web");
  }

  @Test
  void aMatchingHostWithoutAMatchingRouteIsNoRoute() {
    // Envoy does not fall through to another virtual host
    assertThat(table.route(Requests.get("orders.mesh", "/web"))).isNull();
  }
}
