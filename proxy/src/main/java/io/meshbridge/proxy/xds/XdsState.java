package io.meshbridge.proxy.xds;

import com.google.protobuf.Message;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.TlsSecret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All accepted xDS state, and what follows from it: the {@link ProxyConfig} to apply, the RDS and
 * EDS names to subscribe to, and whether the initial fetch is done. Confined to the client's
 * executor; no I/O.
 */
final class XdsState {

  final ResourceState<?, ListenerResource> listeners = new ResourceState<>(ResourceType.LDS);
  final ResourceState<?, RouteConfig> routes = new ResourceState<>(ResourceType.RDS);
  final ResourceState<?, ClusterResource> clusters = new ResourceState<>(ResourceType.CDS);
  final ResourceState<?, List<EndpointConfig>> endpoints = new ResourceState<>(ResourceType.EDS);
  final ResourceState<?, TlsSecret> secrets = new ResourceState<>(ResourceType.SDS);

  /** The state of {@code type}. */
  @SuppressWarnings("unchecked") // each field holds the state of its own type
  <M extends Message, V> ResourceState<M, V> of(ResourceType<M, V> type) {
    ResourceState<?, ?> state = type == ResourceType.LDS ? listeners
        : type == ResourceType.RDS ? routes
        : type == ResourceType.CDS ? clusters
        : type == ResourceType.SDS ? secrets
        : endpoints;
    return (ResourceState<M, V>) state;
  }

  /**
   * The complete config from all accepted state. An inline route table is stored under its
   * listener's route name ({@code inline:<listener>}); a STATIC cluster's endpoints under its name.
   */
  ProxyConfig assemble() {
    Map<String, ListenerConfig> listenerConfigs = new HashMap<>();
    Map<String, RouteConfig> routeConfigs = new HashMap<>();
    routes.accepted().forEach((name, route) -> routeConfigs.put(name, route.value()));
    for (ListenerResource listener : listeners.values()) {
      ListenerConfig config = listener.config();
      if (config != null) {
        listenerConfigs.put(listener.name(), config);
        if (listener.inlineRoute() != null) {
          routeConfigs.put(config.routeConfigName(), listener.inlineRoute());
        }
      }
    }
    Map<String, ClusterConfig> clusterConfigs = new HashMap<>();
    Map<String, List<EndpointConfig>> endpointConfigs = new HashMap<>();
    endpoints.accepted().forEach((name, endpoint) -> endpointConfigs.put(name, endpoint.value()));
    for (ClusterResource cluster : clusters.values()) {
      clusterConfigs.put(cluster.config().name(), cluster.config());
      if (cluster.staticEndpoints() != null) {
        endpointConfigs.put(cluster.config().name(), cluster.staticEndpoints());
      }
    }
    Map<String, TlsSecret> secretConfigs = new HashMap<>();
    secrets.accepted().forEach((name, secret) -> secretConfigs.put(name, secret.value()));
    return new ProxyConfig(
        listenerConfigs, routeConfigs, clusterConfigs, endpointConfigs, secretConfigs);
  }

  /**
   * Subscribes RDS to the routes the accepted listeners name and EDS to the service names of the
   * accepted EDS clusters, forgetting the rest.
   *
   * @return the types whose subscriptions changed
   */
  List<ResourceType<?, ?>> updateSubscriptions() {
    Set<String> routeNames = new LinkedHashSet<>();
    for (ListenerResource listener : listeners.values()) {
      if (listener.rdsName() != null) {
        routeNames.add(listener.rdsName());
      }
    }
    Set<String> serviceNames = new LinkedHashSet<>();
    for (ClusterResource cluster : clusters.values()) {
      if (cluster.usesEds()) {
        serviceNames.add(cluster.config().edsServiceName());
      }
    }
    boolean routesChanged = routes.subscribe(routeNames);
    boolean endpointsChanged = endpoints.subscribe(serviceNames);
    boolean secretsChanged = secrets.subscribe(SecretNames.adsSecrets(
        listeners.values(), clusters.values()));
    List<ResourceType<?, ?>> changed = new ArrayList<>(3);
    if (endpointsChanged) {
      changed.add(ResourceType.EDS);
    }
    if (routesChanged) {
      changed.add(ResourceType.RDS);
    }
    if (secretsChanged) {
      changed.add(ResourceType.SDS);
    }
    return changed;
  }

  /**
   * Puts back the previous version of each listener the data plane refused in an LDS {@code
   * update}; returns false (nothing reverted) when {@code type} is not LDS.
   */
  @SuppressWarnings("unchecked") // an LDS update is an Update<ListenerResource>
  boolean revertListeners(ResourceType<?, ?> type, Update<?> update, Map<String, String> refused) {
    if (type != ResourceType.LDS) {
      return false;
    }
    Update<ListenerResource> listenerUpdate = (Update<ListenerResource>) update;
    refused.forEach((name, reason) ->
        listeners.revert(name, "Listener " + name + ": " + reason, listenerUpdate));
    return true;
  }

  /** Envoy's initial fetch: LDS and CDS answered, and every RDS and EDS name they need. */
  boolean initialFetchDone() {
    return listeners.initialFetchDone() && clusters.initialFetchDone()
        && routes.initialFetchDone() && endpoints.initialFetchDone()
        && secrets.initialFetchDone();
  }

  /** Accepted listeners that are {@code api_listener}s, which this proxy does not bind. */
  int apiListenerCount() {
    return (int) listeners.values().stream().filter(l -> l.config() == null).count();
  }

  /** An immutable copy of every type's state, in dump order. */
  List<TypeDump> dump() {
    return List.of(
        clusters.dump(), endpoints.dump(), listeners.dump(), routes.dump(), secrets.dump());
  }
}
