package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.lb.RequestHash;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.route.RouteTable;
import io.meshbridge.proxy.dataplane.snapshot.CapturedDestination;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What happens to a request head once it arrived: routed, then answered locally (no route, no
 * cluster, direct response, redirect, no healthy endpoint) or forwarded with its first endpoint
 * picked (with the request's hash when the route has a hash_policy). Stateless; the handler
 * passes itself.
 */
final class RequestDispatcher {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.TRACE);

  private RequestDispatcher() {}

  static void dispatch(
      DownstreamHandler handler,
      HttpRequest request,
      Snapshot snapshot,
      ListenerState listener,
      RequestView view,
      RequestLog log) {
    if (!RbacHttpFilters.admit(listener, view, handler, log)) {
      return;
    }
    RequestRouter.Decision decision = RequestRouter.route(snapshot, listener, view);
    if (decision instanceof RequestRouter.NoRoute noRoute) {
      listener.stats().noRoute().increment();
      log.flag(ResponseFlag.NR);
      handler.replyLocally(HttpResponseStatus.NOT_FOUND, noRoute.text(), false);
      return;
    }
    if (decision instanceof RequestRouter.NoCluster noCluster) {
      log.flag(ResponseFlag.NC);
      handler.replyLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, noCluster.text(), false);
      return;
    }
    RouteTable.Match match = matchOf(decision);
    if (!RouteFilterChain.admit(listener, match, handler, log)
        || !RouteFilterChain.cors(listener, match, request, handler)) {
      return;
    }
    Consumer<HttpHeaders> cors = RouteFilterChain.corsHeaders(listener, match, request);
    if (decision instanceof RequestRouter.Reply reply) {
      RouteTable.Match m = reply.match();
      log.route(m.route().name(), "");
      handler.replyLocally(
          HttpResponseStatus.valueOf(reply.status()),
          reply.body(),
          false,
          h -> {
            if (!reply.location().isEmpty()) {
              h.set(HttpHeaderNames.LOCATION, reply.location());
            }
            RouteHeaders.toResponse(h, m);
            cors.accept(h);
          });
      return;
    }
    RequestRouter.Forward forward = (RequestRouter.Forward) decision;
    ClusterState cluster = forward.cluster();
    log.route(forward.match().route().name(), cluster.name());
    if (cluster.config().originalDst() != null) {
      OriginalDestination.Result host =
          OriginalDestination.resolve(
              cluster, request.headers(), CapturedDestination.get(handler.context().channel()));
      if (host.cluster() == null) {
        cluster.stats().noHealthyUpstream().increment();
        log.flag(ResponseFlag.UH);
        handler.replyLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, host.error(), false);
        return;
      }
      cluster = host.cluster();
      forward = new RequestRouter.Forward(cluster, forward.match(), forward.action());
    }
    RequestHash.Result hash = hash(handler, forward, request, view);
    RetryState retry =
        new RetryState(
            forward.action().retry(),
            IDEMPOTENT.contains(request.method()),
            RetryRules.isGrpc(request.headers()),
            hash.hash());
    int endpoint = retry.pickEndpoint(cluster);
    if (endpoint < 0) {
      cluster.stats().noHealthyUpstream().increment();
      log.flag(ResponseFlag.UH);
      handler.replyLocally(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "no healthy upstream for cluster '" + cluster.name() + "'",
          false);
      return;
    }
    handler.forward(
        request, forward, endpoint, retry, log,
        RouteFilterChain.fault(listener, forward, log)
            .withResponseHeaders(withCookie(cors, hash.setCookie()))
            .withMirrors(RouteFilterChain.mirrors(snapshot, forward)));
  }

  /** The request's hash from the route's hash_policy (RING_HASH, MAGLEV), and a cookie to set. */
  private static RequestHash.Result hash(
      DownstreamHandler handler, RequestRouter.Forward forward, HttpRequest request,
      RequestView view) {
    if (forward.action().hashPolicies().isEmpty()) {
      return RequestHash.Result.NONE;
    }
    Channel ch = handler.context().channel();
    return RequestHash.compute(
        forward.action().hashPolicies(),
        request.headers(),
        view.target(),
        DownstreamHandler.clientIp(ch.remoteAddress()),
        String.valueOf(ch.remoteAddress()) + ch.localAddress());
  }

  /** {@code headers}, then the hash_policy cookie with a ttl (Envoy sets it on the response). */
  private static Consumer<HttpHeaders> withCookie(
      Consumer<HttpHeaders> headers, @Nullable String setCookie) {
    return setCookie == null
        ? headers
        : headers.andThen(h -> h.add(HttpHeaderNames.SET_COOKIE, setCookie));
  }

  private static RouteTable.Match matchOf(RequestRouter.Decision decision) {
    return decision instanceof RequestRouter.Reply reply
        ? reply.match()
        : ((RequestRouter.Forward) decision).match();
  }
}
