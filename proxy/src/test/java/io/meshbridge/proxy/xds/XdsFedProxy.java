package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.proxy.dataplane.DataPlaneOptions;
import io.meshbridge.proxy.dataplane.NettyDataPlane;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real proxy (Netty data plane, xDS client over gRPC on loopback) fed by the real
 * java-control-plane server: what a test serves goes through conversion and ACK like pilot's.
 */
final class XdsFedProxy implements AutoCloseable {

  final StatsRegistry stats = new StatsRegistry();
  final NettyDataPlane proxy =
      new NettyDataPlane(stats, DataPlaneOptions.DEFAULTS.withWorkerThreads(2));
  private final ControlPlane pilot =
      new ControlPlane(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
  private final XdsProxyRuntime runtime;
  private int version;

  XdsFedProxy(Path dir) {
    try {
      Path file = dir.resolve("proxy.yaml");
      Files.writeString(file, Files.readString(
          Path.of(XdsFedProxy.class.getResource("/bootstrap/proxy.yaml").toURI()))
          .replace("address: 10.0.0.10, port_value: 15010",
              "address: 127.0.0.1, port_value: " + pilot.port())
          .replace("api_type: GRPC", "api_type: DELTA_GRPC"));
      runtime = XdsProxyRuntime.start(BootstrapLoader.load(file), proxy, stats);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | io.meshbridge.proxy.bootstrap.BootstrapException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves these resources and waits until the proxy ACKed them (fails on a NACK). */
  void serve(List<Cluster> clusters, List<Listener> listeners) {
    String v = String.valueOf(++version);
    int nacks = pilot.nacks(ResourceType.LDS).size();
    pilot.setSnapshot(Snapshot.create(clusters, List.of(), listeners, List.of(), List.of(), v));
    await().until(() -> !pilot.acks(ResourceType.LDS, v).isEmpty()
        || pilot.nacks(ResourceType.LDS).size() > nacks);
    assertThat(pilot.nacks(ResourceType.LDS)).hasSize(nacks);
  }

  /** The port listener {@code name} is bound to. */
  int port(String name) {
    return proxy.localAddress(name).orElseThrow(() -> new AssertionError(name + " not bound"))
        .getPort();
  }

  /** A STATIC cluster with one endpoint on 127.0.0.1. */
  static Cluster staticCluster(String name, int port) {
    return YamlProtos.parse("""
        name: %s
        type: STATIC
        connect_timeout: 1s
        load_assignment:
          cluster_name: %s
          endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}}]}]
        """.formatted(name, name, port), Cluster.getDefaultInstance());
  }

  @Override
  public void close() {
    runtime.close();
    proxy.close();
    pilot.close();
  }
}
