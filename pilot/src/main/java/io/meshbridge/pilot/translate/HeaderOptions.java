package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.meshbridge.pilot.policy.HttpPolicies.HeaderOperations;
import io.meshbridge.pilot.policy.HttpPolicies.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * Istio's header operations as Envoy's: {@code set} overwrites ({@code OVERWRITE_IF_EXISTS_OR_ADD}),
 * {@code add} appends ({@code APPEND_IF_EXISTS_OR_ADD}), {@code remove} removes.
 */
final class HeaderOptions {

  static void apply(Headers h, Route.Builder route) {
    route.addAllRequestHeadersToAdd(toAdd(h.request()))
        .addAllRequestHeadersToRemove(h.request().remove())
        .addAllResponseHeadersToAdd(toAdd(h.response()))
        .addAllResponseHeadersToRemove(h.response().remove());
  }

  static void apply(Headers h, ClusterWeight.Builder cluster) {
    cluster.addAllRequestHeadersToAdd(toAdd(h.request()))
        .addAllRequestHeadersToRemove(h.request().remove())
        .addAllResponseHeadersToAdd(toAdd(h.response()))
        .addAllResponseHeadersToRemove(h.response().remove());
  }

  private static List<HeaderValueOption> toAdd(HeaderOperations ops) {
    List<HeaderValueOption> out = new ArrayList<>();
    ops.set().forEach((k, v) -> out.add(option(k, v, HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)));
    ops.add().forEach((k, v) -> out.add(option(k, v, HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD)));
    return out;
  }

  private static HeaderValueOption option(String name, String value, HeaderAppendAction action) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppendAction(action)
        .build();
  }

  private HeaderOptions() {}
}
