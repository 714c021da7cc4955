package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.CorsPolicy;
import io.meshbridge.proxy.config.FaultPolicy;
import io.meshbridge.proxy.config.Fraction;
import io.meshbridge.proxy.config.HttpFilter;
import io.meshbridge.proxy.config.MirrorPolicy;
import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.filter.LocalRateLimiter;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP filters a listener runs before the router, applied with the matched route's per-filter
 * config: the local rate limit (a request without a token gets 429, flag {@code RL}), CORS
 * (preflights answered locally, CORS headers on responses) and fault injection (a delay, flag
 * {@code DI}, then an abort, flag {@code FI}). A filter whose route has
 * no config for it, or that is not in the listener's chain, does nothing.
 */
final class RouteFilterChain {

  static final String RATE_LIMITED = "local_rate_limited";

  private RouteFilterChain() {}

  /** Whether the request goes on; if not, it was answered with 429. */
  static boolean admit(
      ListenerState listener, RouteTable.Match match, DownstreamHandler handler, RequestLog log) {
    LocalRateLimiter limiter = match.rateLimiter();
    if (limiter == null
        || !listener.config().httpFilters().contains(HttpFilter.LOCAL_RATE_LIMIT)
        || limiter.admit()) {
      return true;
    }
    log.flag(ResponseFlag.RL);
    handler.replyLocally(HttpResponseStatus.TOO_MANY_REQUESTS, RATE_LIMITED, false);
    return false;
  }

  /**
   * Runs the CORS filter: true when the request goes on (with {@code plan} to add CORS headers to
   * its response, see {@link #corsHeaders}); false when it was a preflight answered locally.
   */
  static boolean cors(
      ListenerState listener, RouteTable.Match match, HttpRequest request,
      DownstreamHandler handler) {
    CorsPolicy policy = corsPolicy(listener, match);
    if (policy == null || !Cors.isPreflight(request)) {
      return true;
    }
    String origin = Cors.allowedOrigin(policy, request);
    if (origin == null && policy.forwardNotMatchingPreflights()) {
      return true;
    }
    handler.replyLocally(
        HttpResponseStatus.OK, "", false,
        h -> {
          if (origin != null) {
            Cors.preflight(policy, origin, h);
          }
        });
    return false;
  }

  /** The CORS headers an actual request's response gets (none when its origin is not allowed). */
  static Consumer<HttpHeaders> corsHeaders(
      ListenerState listener, RouteTable.Match match, HttpRequest request) {
    CorsPolicy policy = corsPolicy(listener, match);
    String origin = policy == null ? null : Cors.allowedOrigin(policy, request);
    return origin == null ? h -> {} : h -> Cors.response(policy, origin, h);
  }

  private static @Nullable CorsPolicy corsPolicy(ListenerState listener, RouteTable.Match match) {
    CorsPolicy policy = match.route().filters().cors();
    return policy == null
            || !listener.config().httpFilters().contains(HttpFilter.CORS)
            || !draw(policy.enabled())
        ? null
        : policy;
  }

  /** The fault filter's draw for a request forwarded on {@code forward}'s route. */
  static FilterPlan fault(ListenerState listener, RequestRouter.Forward forward, RequestLog log) {
    FaultPolicy fault = forward.match().route().filters().fault();
    if (fault == null || !listener.config().httpFilters().contains(HttpFilter.FAULT)) {
      return FilterPlan.NONE;
    }
    long delayNanos = 0;
    if (fault.delay() != null && draw(fault.delay().percentage())) {
      delayNanos = fault.delay().fixedDelay().toNanos();
      log.flag(ResponseFlag.DI);
    }
    FaultPolicy.Abort abort = null;
    if (fault.abort() != null && draw(fault.abort().percentage())) {
      abort = fault.abort();
      log.flag(ResponseFlag.FI);
    }
    return delayNanos == 0 && abort == null
        ? FilterPlan.NONE
        : new FilterPlan(delayNanos, abort, h -> {}, List.of());
  }

  /** The mirror clusters drawn for a request on {@code forward}'s route (missing ones skipped). */
  static List<ClusterState> mirrors(Snapshot snapshot, RequestRouter.Forward forward) {
    List<ClusterState> out = new ArrayList<>(0);
    for (MirrorPolicy m : forward.action().mirrors()) {
      ClusterState cluster = snapshot.clusters().get(m.cluster());
      if (cluster != null && draw(m.fraction())) {
        out.add(cluster);
      }
    }
    return out;
  }

  private static boolean draw(Fraction fraction) {
    return fraction.includes(ThreadLocalRandom.current().nextLong(fraction.denominator()));
  }
}
