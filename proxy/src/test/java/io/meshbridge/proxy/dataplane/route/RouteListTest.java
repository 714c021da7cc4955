package io.meshbridge.proxy.dataplane.route;

import static io.meshbridge.proxy.testing.Requests.get;
import static io.meshbridge.proxy.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.HeaderMatch;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RouteAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RouteListTest {

  @Test
  void aLongRunOfPrefixRoutesIsIndexedAndTheLastOneIsFound() {
    List<RouteEntry> routes =
        IntStream.range(0, 1000).mapToObj(i -> route(PathMatch.prefix("/r" + i + "/"))).toList();
    RouteList list = RouteList.of(routes);

    assertThat(list.indexedSegments()).isEqualTo(1);
    assertThat(list.firstMatch(get("h", "/r999/x"))).isSameAs(routes.get(999));
    assertThat(list.firstMatch(get("h", "/r99/x"))).isSameAs(routes.get(99));
    assertThat(list.firstMatch(get("h", "/r1000/"))).isNull();
  }

  @Test
  void theEarliestRouteWinsNotTheLongestPrefix() {
    List<RouteEntry> routes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      routes.add(route(PathMatch.prefix("/other" + i)));
    }
    routes.add(route(PathMatch.prefix("/api")));
    routes.add(route(PathMatch.prefix("/api/v2")));
    routes.add(route(exact("/api/v2/orders")));
    RouteList list = RouteList.of(routes);

    assertThat(list.indexedSegments()).isEqualTo(1);
    assertThat(list.firstMatch(get("h", "/api/v2/orders"))).isSameAs(routes.get(10));
  }

  @Test
  void anExactPathMatchesOnlyTheWholePath() {
    List<RouteEntry> routes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      routes.add(route(exact("/e" + i)));
    }
    RouteList list = RouteList.of(routes);

    assertThat(list.firstMatch(get("h", "/e3"))).isSameAs(routes.get(3));
    assertThat(list.firstMatch(get("h", "/e3/more"))).isNull();
    assertThat(list.firstMatch(get("h", "/e"))).isNull();
  }

  @Test
  void aRouteWithHeadersBetweenIndexedRunsKeepsItsPlace() {
    List<RouteEntry> routes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      routes.add(route(PathMatch.prefix("/a" + i)));
    }
    RouteEntry canary =
        new RouteEntry(
            new RouteMatch(
                PathMatch.prefix("/b"),
                List.of(new HeaderMatch("x-canary", StringMatch.exact("1"), true, false)),
                List.of()),
            RouteAction.Forward.to("canary"),
            HeaderMutations.NONE);
    routes.add(canary);
    for (int i = 0; i < 10; i++) {
      routes.add(route(PathMatch.prefix("/b" + i)));
    }
    RouteList list = RouteList.of(routes);

    assertThat(list.indexedSegments()).isEqualTo(2);
    assertThat(list.firstMatch(request("GET", "h", "/b1", "x-canary", "1"))).isSameAs(canary);
    assertThat(list.firstMatch(get("h", "/b1"))).isSameAs(routes.get(12));
  }

  /** The compiled list and the plain first match agree on every request (random tables). */
  @Test
  void agreesWithTryingEveryRouteInOrder() {
    Random random = new Random(42);
    String[] pieces = {"/", "/a", "/ab", "/abc", "/b", "/a/", "/A", "/ab/c", ""};
    for (int table = 0; table < 200; table++) {
      List<RouteEntry> routes = new ArrayList<>();
      int size = 1 + random.nextInt(40);
      for (int i = 0; i < size; i++) {
        String value = pieces[random.nextInt(pieces.length)] + (random.nextBoolean() ? i % 3 : "");
        PathMatch path =
            switch (random.nextInt(6)) {
              case 0 -> exact(value);
              case 1 -> new PathMatch(PathMatch.Kind.PREFIX, value, false, null);
              case 2 -> PathMatch.regex("/a.*");
              default -> PathMatch.prefix(value);
            };
        routes.add(route(path));
      }
      RouteList list = RouteList.of(routes);
      for (String piece : pieces) {
        for (String tail : new String[] {"", "0", "1", "2", "/x", "C"}) {
          RequestView r = get("h", (piece.isEmpty() ? "/" : piece) + tail);
          assertThat(list.firstMatch(r))
              .as("table %d, path %s", table, r.path())
              .isSameAs(RouteMatcher.firstMatch(routes, r));
        }
      }
    }
  }

  private static PathMatch exact(String value) {
    return new PathMatch(PathMatch.Kind.PATH, value, true, null);
  }

  private static RouteEntry route(PathMatch path) {
    return new RouteEntry(path, "c");
  }
}
