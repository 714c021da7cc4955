package io.meshbridge.launcher;

import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole mesh on loopback: two sample backends, pilot with a file registry on a generated
 * directory, and a proxy bootstrapped at pilot. Everything is real; only the addresses are local.
 */
public final class Quickstart implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final String SERVICE_HOST = "hello.default.mesh";

  private final Path workDir;
  private final int servicePort;
  private final int restPort;
  private final int xdsPort;
  private final int caPort = Ports.preferred(15012);
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<SampleBackend> backends = new ArrayList<>();
  private ProxyServer proxy;

  private Quickstart(Path workDir, int servicePort, int xdsPort, int restPort) {
    this.workDir = workDir;
    this.servicePort = servicePort;
    this.xdsPort = xdsPort;
    this.restPort = restPort;
  }

  /**
   * Starts everything in {@code workDir} (created if needed), on the documented ports when they
   * are free: service 18080, xDS 15010 (plaintext, loopback), CA and mTLS xDS 15012, REST 15014,
   * proxy admin 15000. Pilot keeps its CA state in {@code workDir/ca}.
   */
  public static Quickstart start(Path workDir) {
    Quickstart q =
        new Quickstart(
            workDir, Ports.preferred(18080), Ports.preferred(15010), Ports.preferred(15014));
    try {
      q.startAll(Ports.preferred(15000));
      return q;
    } catch (RuntimeException e) {
      q.close();
      throw e;
    }
  }

  private void startAll(int adminPort) {
    backends.add(SampleBackend.start("backend-1", HOST));
    backends.add(SampleBackend.start("backend-2", HOST));
    running.addAll(backends);
    Path registry = workDir.resolve("registry");
    write(registry.resolve("hello.yaml"), QuickstartFiles.registry(servicePort, backends));
    write(
        workDir.resolve("pilot.yaml"),
        QuickstartFiles.pilot(registry, xdsPort, restPort, caDirectory(), caPort));
    write(workDir.resolve("proxy.yaml"), QuickstartFiles.proxy(xdsPort, adminPort));
    running.add(EmbeddedPilot.start(workDir.resolve("pilot.yaml")));
    try {
      proxy = ProxyServer.start(BootstrapLoader.load(workDir.resolve("proxy.yaml")));
    } catch (BootstrapException e) {
      throw new IllegalStateException("the quickstart's own bootstrap is invalid", e);
    }
    running.add(proxy);
  }

  /** The file to edit while the quickstart runs. */
  public Path registryFile() {
    return workDir.resolve("registry").resolve("hello.yaml");
  }

  public int servicePort() {
    return servicePort;
  }

  public int restPort() {
    return restPort;
  }

  public int xdsPort() {
    return xdsPort;
  }

  /** Pilot's TLS port: the CA and xDS over mTLS. */
  public int caPort() {
    return caPort;
  }

  /** The quickstart pilot's CA state: root, admin token, join tokens. */
  public Path caDirectory() {
    return workDir.resolve("ca");
  }

  public ProxyServer proxy() {
    return proxy;
  }

  public List<SampleBackend> backends() {
    return List.copyOf(backends);
  }

  /** The command a person runs to see the mesh at work. */
  public String curlCommand() {
    return "for i in 1 2 3 4; do curl -s --resolve "
        + SERVICE_HOST
        + ":"
        + servicePort
        + ":"
        + HOST
        + " http://"
        + SERVICE_HOST
        + ":"
        + servicePort
        + "/; done";
  }

  /** One request through the proxy, as the curl command sends it. */
  public SimpleHttp.Response request() throws IOException {
    return SimpleHttp.get(HOST, servicePort, SERVICE_HOST + ":" + servicePort, "/");
  }

  /** Stops the proxy, pilot and the backends, in that order. */
  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("quickstart: stopping " + running.get(i) + ": " + e.getMessage());
      }
    }
    running.clear();
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
