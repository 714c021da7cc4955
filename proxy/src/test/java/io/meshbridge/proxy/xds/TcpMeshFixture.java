package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.MeshTlsFixture.freePort;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.EchoServer;
import io.meshbridge.proxy.testing.TestCa;
import io.meshbridge.proxy.xds.MeshTcpResources.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real proxies fed by their own ADS servers, as {@link MeshTlsFixture} but for a TCP service:
 * a TCP client → proxy A (127.0.0.2, outbound tcp_proxy, auto mTLS) → proxy B (127.0.0.3, pilot's
 * inbound listener for a TCP port) → a TCP echo server.
 */
final class TcpMeshFixture implements AutoCloseable {

  static final String OUT_CLUSTER = "outbound|9000||db.shop.mesh";

  final EchoServer echo = EchoServer.start();
  final int outPort = freePort("127.0.0.2");
  final int inPort = freePort("127.0.0.3");
  final ControlPlane clientPilot = MeshTlsFixture.controlPlane();
  final ControlPlane serverPilot = MeshTlsFixture.controlPlane();
  final ProxyServer client = MeshTlsFixture.proxy("client", clientPilot, "DELTA_GRPC");
  final ProxyServer server = MeshTlsFixture.proxy("server", serverPilot, "GRPC");
  private final AtomicInteger versions = new AtomicInteger();

  /** Both proxies' config: B's inbound in {@code mode}, its RBAC allowing {@code principal}. */
  void push(Mode mode, String principal, String roots) {
    String version = Integer.toString(versions.incrementAndGet());
    Secret rootCa = MeshTlsResources.rootCa(roots);
    clientPilot.setSnapshot(Snapshot.create(
        List.of(MeshTlsResources.autoMtlsCluster(OUT_CLUSTER, "127.0.0.3", inPort,
            "outbound_.9000_._.db.shop.mesh")), List.of(),
        List.of(MeshTcpResources.outbound("127.0.0.2", outPort, OUT_CLUSTER)), List.of(),
        List.of(rootCa), version));
    serverPilot.setSnapshot(Snapshot.create(
        List.of(MeshTlsResources.inboundCluster(inPort, echo.port())), List.of(),
        List.of(MeshTcpResources.inbound("127.0.0.3", inPort, mode, principal)), List.of(),
        List.of(rootCa), version));
  }

  /** Each proxy's {@code default} identity, issued by {@code clientCa} and {@code serverCa}. */
  void identities(TestCa clientCa, TestCa serverCa) {
    MeshTlsFixture.identity(client, clientCa.issue(MeshTlsFixture.CLIENT_ID).secret("default"));
    MeshTlsFixture.identity(server, serverCa.issue(MeshTlsFixture.SERVER_ID).secret("default"));
  }

  /**
   * Sends {@code text} to {@code host:port} and reads as many bytes back, or until EOF; a closed
   * connection ("" or what came before) whether it ended with a FIN or, with unread bytes, a reset.
   */
  static String echo(String host, int port, String text) throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(20_000);
      s.connect(new InetSocketAddress(host, port), 5_000);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      return new String(in.readNBytes(bytes.length), StandardCharsets.UTF_8);
    } catch (SocketException e) {
      if (String.valueOf(e.getMessage()).contains("reset")) {
        return "";
      }
      throw e;
    }
  }

  String stats(ProxyServer proxy) {
    return new Client(proxy.adminPort()).get("admin", "/stats/prometheus").body();
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(List.of(client, server, clientPilot, serverPilot));
    all.add(echo);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + c, e);
      }
    }
  }
}
