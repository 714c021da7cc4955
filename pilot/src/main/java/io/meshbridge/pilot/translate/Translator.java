package io.meshbridge.pilot.translate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.MeshModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the mesh model into the xDS resources of one proxy scope, exactly as {@code
 * docs/xds.md} specifies. Pure: no clock, no I/O, deterministic output.
 */
public final class Translator {

  /** The resources {@code scope} gets for {@code model}. */
  public static XdsResources translate(MeshModel model, ProxyScope scope) {
    requireNonNull(model, "model");
    requireNonNull(scope, "scope");
    List<String> problems = new ArrayList<>();
    var clusters = ClusterTranslator.translate(model);
    var endpoints = EndpointTranslator.translate(model);
    var routes = RouteTranslator.translate(model, problems);
    var listeners = ListenerTranslator.translate(model, scope, problems);
    return new XdsResources(listeners, routes, clusters, endpoints, problems);
  }

  private Translator() {}
}
