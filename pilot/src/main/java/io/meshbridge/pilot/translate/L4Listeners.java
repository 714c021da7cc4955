package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServicePort;
import io.meshbridge.pilot.policy.L4Route;
import io.meshbridge.pilot.policy.VirtualService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A sidecar's listeners for TCP and TLS ports. A TCP port number gets a {@code tcp_proxy} to the
 * first service (in key order) with that port, routed by its VirtualService's first {@code tcp}
 * route for the port, else to its cluster (Istio does the same for a declared TCP port). A TLS port
 * number gets a {@code tls_inspector} and one filter chain per SNI match: each service's {@code
 * tls} routes, then its own host names to its cluster.
 */
final class L4Listeners {

  static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
  static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

  static List<Listener> sidecar(
      MeshModel model, Policies policies, ProxyScope scope, List<String> problems) {
    String bindAddress = scope.bindAddress();
    SortedMap<Integer, Listener.Builder> byPort = new TreeMap<>();
    Map<Integer, Service> tcpOwners = new HashMap<>();
    Map<Integer, Map<String, Service>> sniOwners = new HashMap<>();
    Set<Integer> httpPorts = new HashSet<>();
    model.services().values().forEach(s -> s.ports().stream()
        .filter(p -> p.protocol().isHttp()).forEach(p -> httpPorts.add(p.number())));
    for (Service service : model.services().values()) {
      for (ServicePort port : service.ports()) {
        int n = port.number();
        if (!port.protocol().isHttp() && httpPorts.contains(n)) {
          problems.add(Names.describe(service, port) + ": no listener, port " + n
              + " is an HTTP port of another service; cluster " + Names.cluster(service, port)
              + " is served without one");
        } else if (port.protocol() == Protocol.TCP) {
          Service owner = tcpOwners.putIfAbsent(n, service);
          if (owner != null) {
            problems.add(Names.describe(service, port) + ": TCP port " + n
                + " is already routed to service " + owner.key() + " (one service per TCP port"
                + " number); no listener chain for it");
            continue;
          }
          TcpProxy proxy = tcpProxy(service, port, model, policies, scope, problems);
          if (proxy != null) {
            listener(byPort, bindAddress, n).addFilterChains(chain(proxy, null));
          }
        } else if (port.protocol() == Protocol.TLS) {
          Map<String, Service> claimed = sniOwners.computeIfAbsent(n, k -> new HashMap<>());
          Listener.Builder listener = listener(byPort, bindAddress, n);
          if (listener.getListenerFiltersCount() == 0) {
            listener.addListenerFilters(
                ListenerFilter.newBuilder()
                    .setName(TLS_INSPECTOR)
                    .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())));
          }
          tlsChains(service, port, model, policies, scope, claimed, problems)
              .forEach(listener::addFilterChains);
        }
      }
    }
    List<Listener> out = new ArrayList<>();
    byPort.values().forEach(b -> {
      if (b.getFilterChainsCount() > 0) {
        out.add(b.build());
      }
    });
    return out;
  }

  private static @Nullable TcpProxy tcpProxy(
      Service service, ServicePort port, MeshModel model, Policies policies, ProxyScope scope,
      List<String> problems) {
    VirtualService vs = policies.virtualService(service.key()).orElse(null);
    if (vs != null) {
      for (int i = 0; i < vs.tcp().size(); i++) {
        L4Route route = vs.tcp().get(i);
        if (route.matches().isEmpty()
            || route.matches().stream()
                .anyMatch(m -> m.appliesTo(port.number(), scope.labels()))) {
          return proxy(route, port, model, policies, vs.describe() + ": spec.tcp[" + i + "]",
              problems);
        }
      }
    }
    return TcpProxy.newBuilder()
        .setStatPrefix(Names.cluster(service, port))
        .setCluster(Names.cluster(service, port))
        .build();
  }

  private static List<FilterChain> tlsChains(
      Service service, ServicePort port, MeshModel model, Policies policies, ProxyScope scope,
      Map<String, Service> claimed, List<String> problems) {
    List<FilterChain> chains = new ArrayList<>();
    VirtualService vs = policies.virtualService(service.key()).orElse(null);
    if (vs != null) {
      for (int i = 0; i < vs.tls().size(); i++) {
        L4Route route = vs.tls().get(i);
        String where = vs.describe() + ": spec.tls[" + i + "]";
        for (L4Route.Match m : route.matches()) {
          if (!m.appliesTo(port.number(), scope.labels())) {
            continue;
          }
          List<String> names = unclaimed(m.sniHosts(), service, port, claimed, problems);
          TcpProxy proxy = names.isEmpty() ? null
              : proxy(route, port, model, policies, where, problems);
          if (proxy != null) {
            chains.add(chain(proxy, names));
          }
        }
      }
    }
    List<String> own = unclaimed(Names.hostnames(service), service, port, claimed, problems);
    if (!own.isEmpty()) {
      chains.add(chain(TcpProxy.newBuilder().setStatPrefix(Names.cluster(service, port))
          .setCluster(Names.cluster(service, port)).build(), own));
    }
    return chains;
  }

  /** The server names not yet claimed on this port (Envoy rejects two chains with one name). */
  private static List<String> unclaimed(
      List<String> names, Service service, ServicePort port, Map<String, Service> claimed,
      List<String> problems) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Service owner = claimed.putIfAbsent(name, service);
      if (owner == null) {
        out.add(name);
      } else if (!owner.equals(service)) {
        problems.add(Names.describe(service, port) + ": server name '" + name
            + "' is already routed to service " + owner.key() + " on port " + port.number());
      }
    }
    return out;
  }

  private static @Nullable TcpProxy proxy(
      L4Route route, ServicePort port, MeshModel model, Policies policies, String where,
      List<String> problems) {
    List<Target> targets = new ArrayList<>();
    for (int j = 0; j < route.destinations().size(); j++) {
      Target t = Target.resolve(route.destinations().get(j), port.number(), model, policies,
          where + ".route[" + j + "].destination", problems);
      if (t == null) {
        return null;
      }
      targets.add(t);
    }
    TcpProxy.Builder proxy = TcpProxy.newBuilder();
    if (targets.size() == 1) {
      return proxy.setStatPrefix(targets.get(0).cluster()).setCluster(targets.get(0).cluster())
          .build();
    }
    TcpProxy.WeightedCluster.Builder weighted = TcpProxy.WeightedCluster.newBuilder();
    for (int j = 0; j < targets.size(); j++) {
      weighted.addClusters(
          TcpProxy.WeightedCluster.ClusterWeight.newBuilder()
              .setName(targets.get(j).cluster())
              .setWeight(route.destinations().get(j).weight()));
    }
    return proxy.setStatPrefix("outbound_" + port.number()).setWeightedClusters(weighted).build();
  }

  private static Listener.Builder listener(
      SortedMap<Integer, Listener.Builder> byPort, String bindAddress, int n) {
    return byPort.computeIfAbsent(
        n,
        k ->
            Listener.newBuilder()
                .setName(Names.sidecarListener(bindAddress, k))
                .setAddress(
                    Address.newBuilder()
                        .setSocketAddress(
                            SocketAddress.newBuilder().setAddress(bindAddress).setPortValue(k))));
  }

  private static FilterChain chain(TcpProxy proxy, @Nullable List<String> serverNames) {
    FilterChain.Builder chain = FilterChain.newBuilder();
    if (serverNames != null) {
      chain.setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(serverNames));
    }
    return chain
        .addFilters(Filter.newBuilder().setName(TCP_PROXY).setTypedConfig(Any.pack(proxy)))
        .build();
  }

  private L4Listeners() {}
}
