package io.meshbridge.pilot.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.Destination;
import io.meshbridge.pilot.policy.HttpMatch;
import io.meshbridge.pilot.policy.HttpPolicies;
import io.meshbridge.pilot.policy.HttpPolicies.DirectResponse;
import io.meshbridge.pilot.policy.HttpPolicies.Redirect;
import io.meshbridge.pilot.policy.HttpRoute;
import io.meshbridge.pilot.policy.VirtualService;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A VirtualService's HTTP routes as Envoy routes of one service port's virtual host, in order: one
 * route per match (Istio's convention), a match limited to another port or to proxies with other
 * {@code sourceLabels} left out.
 */
final class PolicyRoutes {

  /** Route metadata key (under {@code filter_metadata["meshbridge"]}) for the annotation. */
  static final String RETRY_NON_IDEMPOTENT = "retry_non_idempotent";

  static List<Route> routes(
      VirtualService vs,
      ServicePort port,
      MeshModel model,
      Policies policies,
      ProxyScope scope,
      List<String> problems) {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < vs.http().size(); i++) {
      HttpRoute route = vs.http().get(i);
      String where = vs.describe() + ": spec.http[" + i + "]";
      List<Target> targets = resolve(route.destinations(), ".route", where, port, model, policies,
          problems);
      List<Target> mirrors = mirrors(route, where, port, model, policies, problems);
      if (targets == null || mirrors == null) {
        continue;
      }
      List<HttpMatch> matches = route.matches().isEmpty() ? List.of(HttpMatch.ANY) : route.matches();
      for (HttpMatch m : matches) {
        if ((m.port() == 0 || m.port() == port.number()) && m.appliesToSource(scope.labels())) {
          routes.add(route(vs, route, m, port, targets, mirrors, policies));
        }
      }
    }
    return routes;
  }

  private static Route route(
      VirtualService vs, HttpRoute route, HttpMatch m, ServicePort port, List<Target> targets,
      List<Target> mirrors, Policies policies) {
    Route.Builder out = Route.newBuilder().setName(route.name()).setMatch(RouteMatches.match(m));
    if (route.redirect() != null) {
      out.setRedirect(redirect(route.redirect(), port));
    } else if (route.directResponse() != null) {
      out.setDirectResponse(directResponse(route.directResponse()));
    } else {
      out.setRoute(RouteActions.action(route, m, targets, mirrors, policies));
    }
    HeaderOptions.apply(route.headers(), out);
    if (route.destinations().size() == 1) { // Istio: a lone destination's headers join the route's
      HeaderOptions.apply(route.destinations().get(0).headers(), out);
    }
    if (route.fault() != null) {
      RouteFilters.fault(route.fault(), out);
    }
    if (route.cors() != null) {
      RouteFilters.cors(route.cors(), out);
    }
    var limit = vs.extensions().localRateLimits().get(route.name());
    if (limit != null) {
      RouteFilters.localRateLimit(route.name(), limit, out);
    }
    if (vs.extensions().retryNonIdempotent() && out.getRoute().hasRetryPolicy()) {
      out.setMetadata(
          Metadata.newBuilder()
              .putFilterMetadata(
                  EndpointTranslator.METADATA_NAMESPACE,
                  Struct.newBuilder()
                      .putFields(RETRY_NON_IDEMPOTENT, Value.newBuilder().setBoolValue(true).build())
                      .build()));
    }
    return out.build();
  }

  private static @Nullable List<Target> resolve(
      List<Destination> destinations, String field, String where, ServicePort port,
      MeshModel model, Policies policies, List<String> problems) {
    List<Target> out = new ArrayList<>();
    for (int j = 0; j < destinations.size(); j++) {
      Target t = Target.resolve(destinations.get(j), port.number(), model, policies,
          where + field + "[" + j + "].destination", problems);
      if (t == null) {
        return null;
      }
      out.add(t);
    }
    return out;
  }

  private static @Nullable List<Target> mirrors(
      HttpRoute route, String where, ServicePort port, MeshModel model, Policies policies,
      List<String> problems) {
    List<Target> out = new ArrayList<>();
    for (HttpPolicies.Mirror m : route.mirrors()) {
      String field = m.field().equals("mirror") ? ".mirror" : "." + m.field() + ".destination";
      Target t =
          Target.resolve(m.destination(), port.number(), model, policies, where + field, problems);
      if (t == null) {
        return null;
      }
      out.add(t);
    }
    return out;
  }

  /**
   * Istio's {@code HTTPRedirect}; {@code derivePort: FROM_REQUEST_PORT} is the port of the route
   * configuration (requests only reach it on that port), as Istio writes it.
   */
  private static RedirectAction redirect(Redirect r, ServicePort port) {
    RedirectAction.Builder out = RedirectAction.newBuilder();
    if (r.uri() != null) {
      out.setPathRedirect(r.uri());
    }
    if (r.authority() != null) {
      out.setHostRedirect(r.authority());
    }
    if (r.port() != 0) {
      out.setPortRedirect(r.port());
    } else if (r.fromRequestPort()) {
      out.setPortRedirect(port.number());
    }
    if (r.scheme() != null) {
      out.setSchemeRedirect(r.scheme());
    }
    out.setResponseCode(
        switch (r.code()) {
          case 302 -> RedirectAction.RedirectResponseCode.FOUND;
          case 303 -> RedirectAction.RedirectResponseCode.SEE_OTHER;
          case 307 -> RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT;
          case 308 -> RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT;
          default -> RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY;
        });
    return out.build();
  }

  private static DirectResponseAction directResponse(DirectResponse d) {
    DirectResponseAction.Builder out = DirectResponseAction.newBuilder().setStatus(d.status());
    if (d.body() != null) {
      out.setBody(DataSource.newBuilder().setInlineString(d.body()));
    }
    return out.build();
  }

  private PolicyRoutes() {}
}
