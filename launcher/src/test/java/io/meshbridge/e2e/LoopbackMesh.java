package io.meshbridge.e2e;

import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.BootstrapException;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.file.FileRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pilot with a file registry, a proxy bootstrapped at it, and sample backends, all real and on
 * loopback: the spine that every end-to-end test drives. Pilot can be stopped and started again on
 * the same xDS port.
 */
final class LoopbackMesh implements AutoCloseable {

  static final String HOST = "hello.default.mesh";

  final Path registryDir;
  final Path policyDir;
  final int servicePort = freePort();
  final int xdsPort = freePort();
  final List<SampleBackend> backends = new ArrayList<>();
  private Pilot pilot;
  private ProxyServer proxy;

  LoopbackMesh(Path workDir) {
    this.registryDir = workDir.resolve("registry");
    this.policyDir = workDir.resolve("policy");
    try {
      Files.createDirectories(registryDir);
      Files.createDirectories(policyDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SampleBackend addBackend(String name) {
    SampleBackend b = SampleBackend.start(name, "127.0.0.1");
    backends.add(b);
    return b;
  }

  /** Writes the registry file with the given backends as the endpoints of hello.default. */
  void publish(List<SampleBackend> endpoints) {
    writeFile("hello.yaml", QuickstartFiles.registry(servicePort, endpoints));
  }

  /**
   * Writes the registry file with endpoints given by name and port, for backends other than
   * {@link SampleBackend} (same shape as {@link #publish}).
   */
  void publishPorts(Map<String, Integer> portsByName) {
    publishPorts("HTTP", portsByName);
  }

  /**
   * As {@link #publishPorts(Map)}, with hello.default's one port speaking {@code protocol} ({@code
   * TCP}, {@code GRPC}, ...; the port is named after it, lowercased).
   */
  void publishPorts(String protocol, Map<String, Integer> portsByName) {
    String portName = protocol.toLowerCase(java.util.Locale.ROOT);
    StringBuilder yaml =
        new StringBuilder(
            """
            services:
              - name: hello
                namespace: default
                ports:
                  - {name: %s, number: %d, protocol: %s}
                endpoints:
            """
                .formatted(portName, servicePort, protocol));
    portsByName.forEach(
        (name, port) ->
            yaml.append(
                """
                      - {address: 127.0.0.1, ports: {%s: %d}, labels: {backend: %s}}
                """
                    .formatted(portName, port, name)));
    writeFile("hello.yaml", yaml.toString());
  }

  void writeFile(String name, String content) {
    writeAtomically(registryDir, name, content);
  }

  /** Writes the Istio resources pilot reads from {@link #policyDir} (see {@link #watchPolicies}). */
  void writePolicy(String content) {
    writeAtomically(policyDir, "policy.yaml", content);
  }

  /** A VirtualService {@code default/hello} for host hello; {@code spec}: the YAML after hosts. */
  static String virtualService(String spec) {
    return helloResource("VirtualService", "hosts: [hello]\n" + spec);
  }

  /** A DestinationRule {@code default/hello} for host hello; {@code spec}: the YAML after host. */
  static String destinationRule(String spec) {
    return helloResource("DestinationRule", "host: hello\n" + spec);
  }

  private static String helloResource(String kind, String spec) {
    return "apiVersion: networking.istio.io/v1\nkind: " + kind
        + "\nmetadata: {name: hello, namespace: default}\nspec:\n" + spec.indent(2) + "---\n";
  }

  /** Makes the running pilot read Istio resources from {@link #policyDir}. */
  void watchPolicies() {
    pilot.watchPolicies(policyDir, Duration.ofMillis(200));
  }

  private static void writeAtomically(Path dir, String name, String content) {
    try {
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, content);
      Files.move(
          tmp,
          dir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Pilot startPilot() {
    pilot =
        Pilot.create(
            PilotOptions.defaults().withXds("127.0.0.1", xdsPort),
            List.of(new FileRegistry("files", registryDir)));
    pilot.start();
    return pilot;
  }

  void stopPilot() {
    pilot.close();
    pilot = null;
  }

  Pilot pilot() {
    return pilot;
  }

  ProxyServer startProxy() {
    return startProxy(AdsApi.DELTA);
  }

  /** Starts the proxy speaking {@code api} to pilot. */
  ProxyServer startProxy(AdsApi api) {
    return startProxy(api, "");
  }

  /** Starts the proxy with {@code node.locality} = {@code locality} (YAML), unless empty. */
  private ProxyServer startProxy(AdsApi api, String locality) {
    String bootstrap = QuickstartFiles.proxy(xdsPort, 0, api);
    if (!locality.isEmpty()) {
      bootstrap = bootstrap.replace(
          "  cluster: quickstart\n", "  cluster: quickstart\n  locality: " + locality + "\n");
    }
    try {
      proxy = ProxyServer.start(BootstrapLoader.parse("proxy.yaml", bootstrap));
      return proxy;
    } catch (BootstrapException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Starts pilot reading {@link #policyDir}, waits until it accepted {@code resources} Istio
   * resources, then starts the proxy and waits until it is ready.
   */
  ProxyServer startWithPolicies(int resources) {
    return startWithPolicies(resources, "");
  }

  /** {@link #startWithPolicies(int)} with the proxy in {@code locality}, e.g. {@code {region: eu}}. */
  ProxyServer startWithPolicies(int resources, String locality) {
    startPilot();
    watchPolicies();
    org.awaitility.Awaitility.await("the policies accepted")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                pilot.policies().virtualServices().size()
                        + pilot.policies().destinationRules().size()
                    == resources);
    ProxyServer started = startProxy(AdsApi.DELTA, locality);
    org.awaitility.Awaitility.await("the proxy ready")
        .atMost(Duration.ofSeconds(20))
        .until(started::ready);
    return started;
  }

  /** The Host header of hello.default on the service port. */
  String authority() {
    return HOST + ":" + servicePort;
  }

  /** The name of hello.default's cluster, as in the proxy's stats labels. */
  String cluster() {
    return "outbound|" + servicePort + "||" + HOST;
  }

  ProxyServer proxy() {
    return proxy;
  }

  /** The proxy's admin endpoint, e.g. {@code /stats/prometheus}. */
  SimpleGet admin() {
    return new SimpleGet(proxy.adminPort());
  }

  ClientLoop clientLoop() {
    return new ClientLoop(servicePort, authority());
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.close();
    }
    if (pilot != null) {
      pilot.close();
    }
    backends.forEach(SampleBackend::close);
  }

  /** See {@link UnusedPorts}: never one a port-0 bind can take meanwhile. */
  static int freePort() {
    return UnusedPorts.next();
  }

  /** GETs on a loopback port, for admin and REST endpoints. */
  record SimpleGet(int port) {
    String get(String path) {
      try {
        var r = io.meshbridge.launcher.SimpleHttp.get("127.0.0.1", port, "127.0.0.1", path);
        if (r.status() != 200) {
          throw new AssertionError("GET " + path + ": " + r.status() + " " + r.body());
        }
        return r.body();
      } catch (IOException e) {
        throw new UncheckedIOException("GET " + path, e);
      }
    }
  }
}
