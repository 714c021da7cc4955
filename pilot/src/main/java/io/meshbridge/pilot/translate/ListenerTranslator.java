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
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sidecars get one bound listener per HTTP-family port number; proxyless clients get one API
 * listener per host name and HTTP-family port. TCP and TLS ports get no listener yet, which is
 * reported.
 */
final class ListenerTranslator {

  static List<Listener> translate(MeshModel model, ProxyScope scope, List<String> problems) {
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        if (!port.protocol().isHttp()) {
          problems.add(
              Names.describe(service, port)
                  + ": no listener, only HTTP, HTTP2 and GRPC ports are routed yet; cluster "
                  + Names.cluster(service, port)
                  + " is served without one");
        }
      }
    }
    return switch (scope.kind()) {
      case SIDECAR -> sidecar(model, scope.bindAddress());
      case PROXYLESS -> proxyless(model);
    };
  }

  private static List<Listener> sidecar(MeshModel model, String bindAddress) {
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
                              .setTypedConfig(Any.pack(HttpConnectionManagers.forPort(n)))))
              .build());
    }
    listeners.sort((a, b) -> a.getName().compareTo(b.getName()));
    return listeners;
  }

  private static List<Listener> proxyless(MeshModel model) {
    // Keyed by name: two services sharing a host name on a port yield one listener (the routes
    // decide which service gets the traffic, and report the conflict).
    SortedMap<String, Listener> byName = new TreeMap<>();
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        if (!port.protocol().isHttp()) {
          continue;
        }
        Any hcm = Any.pack(HttpConnectionManagers.forPort(port.number()));
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
