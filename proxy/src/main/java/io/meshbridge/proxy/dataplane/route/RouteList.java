package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The routes of one virtual host, compiled so that {@link #firstMatch} gives exactly what {@link
 * RouteMatcher#firstMatch} gives (the first route in order that matches) without trying every
 * route: each run of at least {@value #MIN_INDEXED} consecutive routes that match on a
 * case-sensitive prefix or exact path alone is looked up in a {@link PathIndex} by walking the
 * request path once; the other routes are tried in order. A table of 1000 path-prefix routes (the
 * benchmark's {@code SCENARIO=routes}) then costs one walk of the path instead of 1000
 * comparisons. Immutable; shared by every event loop.
 */
final class RouteList {

  /** Shorter runs are cheaper to try one by one than to index. */
  static final int MIN_INDEXED = 8;

  private final List<Segment> segments;

  private RouteList(List<Segment> segments) {
    this.segments = List.copyOf(segments);
  }

  static RouteList of(List<RouteEntry> routes) {
    List<Segment> segments = new ArrayList<>();
    List<RouteEntry> linear = new ArrayList<>();
    int i = 0;
    while (i < routes.size()) {
      int end = i;
      while (end < routes.size() && indexable(routes.get(end).match())) {
        end++;
      }
      if (end - i >= MIN_INDEXED) {
        if (!linear.isEmpty()) {
          segments.add(new Linear(List.copyOf(linear)));
          linear.clear();
        }
        segments.add(PathIndex.of(routes.subList(i, end)));
        i = end;
      } else {
        linear.add(routes.get(i));
        i++;
      }
    }
    if (!linear.isEmpty()) {
      segments.add(new Linear(List.copyOf(linear)));
    }
    return new RouteList(segments);
  }

  /** The first route that matches {@code request}, or null. */
  @Nullable RouteEntry firstMatch(RequestView request) {
    for (Segment segment : segments) {
      RouteEntry route = segment.firstMatch(request);
      if (route != null) {
        return route;
      }
    }
    return null;
  }

  /** How many of the segments are indexed (for tests). */
  int indexedSegments() {
    return (int) segments.stream().filter(s -> s instanceof PathIndex).count();
  }

  /** A route decided by its path alone, compared as written. */
  private static boolean indexable(RouteMatch match) {
    PathMatch path = match.path();
    return match.headers().isEmpty()
        && match.queryParameters().isEmpty()
        && path.caseSensitive()
        && (path.kind() == PathMatch.Kind.PREFIX || path.kind() == PathMatch.Kind.PATH);
  }

  private sealed interface Segment permits Linear, PathIndex {
    @Nullable RouteEntry firstMatch(RequestView request);
  }

  private record Linear(List<RouteEntry> routes) implements Segment {
    @Override
    public @Nullable RouteEntry firstMatch(RequestView request) {
      return RouteMatcher.firstMatch(routes, request);
    }
  }

  /**
   * A character trie of the runs' prefixes and exact paths. Each node keeps the lowest route
   * position whose prefix ends there and the lowest whose exact path ends there, so the earliest
   * route that matches is the minimum over the nodes the path walks through.
   */
  private static final class PathIndex implements Segment {

    private static final int NONE = Integer.MAX_VALUE;

    private final List<RouteEntry> routes;
    private final Node root;

    private PathIndex(List<RouteEntry> routes, Node root) {
      this.routes = routes;
      this.root = root;
    }

    static PathIndex of(List<RouteEntry> routes) {
      Node root = new Node();
      for (int i = 0; i < routes.size(); i++) {
        PathMatch path = routes.get(i).match().path();
        Node node = root;
        for (int c = 0; c < path.value().length(); c++) {
          node = node.childOrAdd(path.value().charAt(c));
        }
        if (path.kind() == PathMatch.Kind.PREFIX) {
          node.prefixRoute = Math.min(node.prefixRoute, i);
        } else {
          node.exactRoute = Math.min(node.exactRoute, i);
        }
      }
      return new PathIndex(List.copyOf(routes), root);
    }

    @Override
    public @Nullable RouteEntry firstMatch(RequestView request) {
      String path = request.path();
      Node node = root;
      int best = root.prefixRoute;
      int c = 0;
      for (; c < path.length(); c++) {
        node = node.child(path.charAt(c));
        if (node == null) {
          break;
        }
        best = Math.min(best, node.prefixRoute);
      }
      if (node != null && c == path.length()) {
        best = Math.min(best, node.exactRoute);
      }
      return best == NONE ? null : routes.get(best);
    }

    /** A trie node; children by character, kept sorted for binary search. */
    private static final class Node {
      private char[] keys = new char[0];
      private Node[] children = new Node[0];
      private int prefixRoute = NONE;
      private int exactRoute = NONE;

      @Nullable Node child(char key) {
        int at = java.util.Arrays.binarySearch(keys, key);
        return at >= 0 ? children[at] : null;
      }

      Node childOrAdd(char key) {
        int at = java.util.Arrays.binarySearch(keys, key);
        if (at >= 0) {
          return children[at];
        }
        int insert = -at - 1;
        char[] newKeys = new char[keys.length + 1];
        Node[] newChildren = new Node[children.length + 1];
        System.arraycopy(keys, 0, newKeys, 0, insert);
        System.arraycopy(children, 0, newChildren, 0, insert);
        newKeys[insert] = key;
        Node added = new Node();
        newChildren[insert] = added;
        System.arraycopy(keys, insert, newKeys, insert + 1, keys.length - insert);
        System.arraycopy(children, insert, newChildren, insert + 1, children.length - insert);
        keys = newKeys;
        children = newChildren;
        return added;
      }
    }
  }
}
