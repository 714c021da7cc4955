package io.meshbridge.pilot.translate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.MeshModel;
import io.meshbridge.pilot.policy.PolicySet;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the mesh model into the xDS resources of one proxy scope, exactly as {@code
 * docs/xds.md} specifies. Pure: no clock, no I/O, deterministic output.
 */
public final class Translator {

  /** The resources {@code scope} gets for {@code model} without traffic policy. */
  public static XdsResources translate(MeshModel model, ProxyScope scope) {
    return translate(model, PolicySet.EMPTY, scope);
  }

  /**
   * The resources {@code scope} gets for {@code model} under {@code policies}; resources whose
   * hosts are not services of the model are left out (see {@link PolicySet#against}).
   */
  public static XdsResources translate(MeshModel model, PolicySet policies, ProxyScope scope) {
    requireNonNull(model, "model");
    requireNonNull(policies, "policies");
    requireNonNull(scope, "scope");
    List<String> problems = new ArrayList<>();
    Policies applied = new Policies(model, policies);
    var clusters = ClusterTranslator.translate(model, applied);
    var endpoints = EndpointTranslator.translate(model, applied, scope);
    var routes = RouteTranslator.translate(model, applied, scope, problems);
    var filters = HttpConnectionManagers.filtersByPort(routes);
    var listeners = ListenerTranslator.translate(model, applied, scope, filters, problems);
    return new XdsResources(listeners, routes, clusters, endpoints, problems);
  }

  private Translator() {}
}
