package io.meshbridge.proxy.xds;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real proxies, each fed by its own ADS server on loopback: a client proxy (127.0.0.2, delta
 * ADS) whose outbound listener sends to the server proxy (127.0.0.3, state of the world) over auto
 * mTLS, whose inbound listener serves a real backend. Each proxy's {@code default} secret is its own
 * identity, handed to its data plane as the identity provider would.
 */
final class MeshTlsFixture implements AutoCloseable {

  static final String CLIENT_ID = "spiffe://cluster.local/ns/shop/sa/client";
  static final String SERVER_ID = "spiffe://cluster.local/ns/shop/sa/svc";
  static final String OUT_CLUSTER = "outbound|80||svc.shop.mesh";

  final Backend backend = Backend.start("svc");
  final int outPort = freePort("127.0.0.2");
  final int inPort = freePort("127.0.0.3");
  final ControlPlane clientPilot = controlPlane();
  final ControlPlane serverPilot = controlPlane();
  final ProxyServer client;
  final ProxyServer server;
  private final AtomicInteger versions = new AtomicInteger();

  MeshTlsFixture() {
    client = proxy("client", clientPilot, "DELTA_GRPC");
    server = proxy("server", serverPilot, "GRPC");
  }

  /** Both proxies' config: PERMISSIVE or STRICT inbound, {@code roots} as ROOTCA. */
  void push(boolean permissive, String roots) {
    push(permissive, roots, false);
  }

  /** As above; with {@code h2}, the client proxy speaks HTTP/2 (ALPN h2) to the server proxy. */
  void push(boolean permissive, String roots, boolean h2) {
    String version = Integer.toString(versions.incrementAndGet());
    Secret rootCa = MeshTlsResources.rootCa(roots);
    clientPilot.setSnapshot(snapshot(
        List.of(MeshTlsResources.autoMtlsCluster(OUT_CLUSTER, "127.0.0.3", inPort,
            "outbound_.80_._.svc.shop.mesh", h2)),
        List.of(MeshTlsResources.outbound("127.0.0.2", outPort, OUT_CLUSTER)), rootCa, version));
    serverPilot.setSnapshot(snapshot(
        List.of(MeshTlsResources.inboundCluster(inPort, backend.port())),
        List.of(MeshTlsResources.inbound("127.0.0.3", inPort, permissive)), rootCa, version));
  }

  /** Gives each proxy a fresh identity from {@code ca}, as the identity provider does. */
  void identities(TestCa ca) {
    identity(client, ca.issue(CLIENT_ID).secret("default"));
    identity(server, ca.issue(SERVER_ID).secret("default"));
  }

  static void identity(ProxyServer proxy, TlsSecret secret) {
    proxy.dataPlane().updateLocalSecret(secret).join();
  }

  /** A client of the client proxy's outbound listener. */
  Client outbound() {
    return new Client("127.0.0.2", outPort);
  }

  String stats(ProxyServer proxy) {
    return new Client(proxy.adminPort()).get("admin", "/stats/prometheus").body();
  }

  private static Snapshot snapshot(
      List<Cluster> clusters, List<Listener> listeners, Secret rootCa, String version) {
    return Snapshot.create(clusters, List.of(), listeners, List.of(), List.of(rootCa), version);
  }

  static ControlPlane controlPlane() {
    return new ControlPlane(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
  }

  static ProxyServer proxy(String id, ControlPlane pilot, String api) {
    String yaml = """
        node: {id: %s, cluster: %s}
        dynamic_resources:
          ads_config:
            api_type: %s
            transport_api_version: V3
            grpc_services: [{envoy_grpc: {cluster_name: xds}}]
          lds_config: {ads: {}, resource_api_version: V3}
          cds_config: {ads: {}, resource_api_version: V3}
        static_resources:
          clusters:
          - name: xds
            type: STATIC
            connect_timeout: 1s
            typed_extension_protocol_options:
              envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                explicit_http_config: {http2_protocol_options: {}}
            load_assignment:
              cluster_name: xds
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}}]}]
        admin: {address: {socket_address: {address: 127.0.0.1, port_value: 0}}}
        """.formatted(id, id, api, pilot.port());
    try {
      return ProxyServer.start(BootstrapLoader.parse(id + ".yaml", yaml));
    } catch (BootstrapException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(List.of(client, server, clientPilot, serverPilot));
    all.add(backend::close);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + c, e);
      }
    }
  }
}
