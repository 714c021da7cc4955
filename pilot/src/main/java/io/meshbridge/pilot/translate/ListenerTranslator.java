package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sidecars get one bound listener per HTTP-family port number, and the TCP and TLS listeners of
 * {@link L4Listeners}; proxyless clients get one API listener per host name and HTTP-family port.
 */
final class ListenerTranslator {

  static List<Listener> translate(
      MeshModel model,
      Policies policies,
      ProxyScope scope,
      Map<Integer, Set<String>> httpFilters,
      List<String> problems) {
    return switch (scope.kind()) {
      case SIDECAR -> {
        List<Listener> listeners = new ArrayList<>(sidecar(model, scope.bindAddress(), httpFilters));
        listeners.addAll(L4Listeners.sidecar(model, policies, scope, problems));
        listeners.sort((a, b) -> a.getName().compareTo(b.getName()));
        yield listeners;
      }
      case PROXYLESS -> proxyless(model, httpFilters);
    };
  }

  private static List<Listener> sidecar(
      MeshModel model, String bindAddress, Map<Integer, Set<String>> httpFilters) {
    SortedSet<Integer> ports = new TreeSet<>();
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        if (port.protocol().isHttp()) {
          ports.add(port.number());
        }
      }
    }
    List<Listener> listeners = new ArrayList<>();
    for (int n : ports) {
      listeners.add(
          Listener.newBuilder()
              .setName(Names.sidecarListener(bindAddress, n))
              .setAddress(
                  Address.newBuilder()
                      .setSocketAddress(
                          SocketAddress.newBuilder().setAddress(bindAddress).setPortValue(n)))
              .addFilterChains(
                  FilterChain.newBuilder()
                      .addFilters(
                          Filter.newBuilder()
                              .setName(HttpConnectionManagers.FILTER_NAME)
                              .setTypedConfig(
                                  Any.pack(
                                      HttpConnectionManagers.forPort(
                                          n, httpFilters.getOrDefault(n, Set.of()))))))
              .build());
    }
    listeners.sort((a, b) -> a.getName().compareTo(b.getName()));
    return listeners;
  }

  private static List<Listener> proxyless(
      MeshModel model, Map<Integer, Set<String>> httpFilters) {
    // Keyed by name: two services sharing a host name on a port yield one listener (the routes
    // decide which service gets the traffic, and report the conflict).
    SortedMap<String, Listener> byName = new TreeMap<>();
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        if (!port.protocol().isHttp()) {
          continue;
        }
        Any hcm =
            Any.pack(
                HttpConnectionManagers.forPort(
                    port.number(), httpFilters.getOrDefault(port.number(), Set.of())));
        for (String host : Names.hostnames(service)) {
          String name = host + ":" + port.number();
          byName.computeIfAbsent(
              name,
              k ->
                  Listener.newBuilder()
                      .setName(k)
                      .setApiListener(ApiListener.newBuilder().setApiListener(hcm))
                      .build());
        }
      }
    }
    return List.copyOf(byName.values());
  }

  private ListenerTranslator() {}
}
