package io.meshbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.launcher.QuickstartFiles;
import io.meshbridge.launcher.SampleBackend;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.proxy.ProxyServer;
import io.meshbridge.proxy.bootstrap.BootstrapLoader;
import io.meshbridge.registry.consul.ConsulRegistry;
import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import io.meshbridge.testing.consul.ServiceInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consul to traffic: two real backends registered in the Consul simulator (no Consul binary runs
 * here), pilot watching it through the Consul registry, a real proxy fed by pilot. Requests reach
 * both backends; a failing check takes one out of traffic, and passing again brings it back.
 *
 * <p>The backends listen on 127.0.0.2 and 127.0.0.3 so that the proxy can listen on 127.0.0.1 at
 * the service port, which is one of the backends' own ports (Consul has one port per instance).
 */
class ConsulIT {

  private static final String HOST = "127.0.0.1";

  private SampleBackend one;
  private SampleBackend two;
  private ConsulSimulator consul;
  private Pilot pilot;
  private ProxyServer proxy;

  @AfterEach
  void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {proxy, pilot, consul, one, two}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + c, e);
        }
      }
    }
  }

  @Test
  void trafficFollowsConsulHealth() throws Exception {
    one = SampleBackend.start("one", "127.0.0.2");
    two = SampleBackend.start("two", "127.0.0.3");
    consul = ConsulSimulator.start();
    Map<String, String> http = Map.of("protocol", "http");
    consul.register(
        "dc1",
        ServiceInstance.of("hello-1", "hello", "127.0.0.2", one.port()).withMeta(http),
        CheckStatus.PASSING);
    consul.register(
        "dc1",
        ServiceInstance.of("hello-2", "hello", "127.0.0.3", two.port()).withMeta(http),
        CheckStatus.PASSING);
    // One instance each: the tie goes to the lower port, which becomes the service port.
    int servicePort = Math.min(one.port(), two.port());
    String otherId = one.port() == servicePort ? "hello-2" : "hello-1";
    String otherName = one.port() == servicePort ? "two" : "one";
    String keptName = one.port() == servicePort ? "one" : "two";

    ConsulRegistry registry =
        ConsulRegistry.builder("consul").address(URI.create(consul.address())).build();
    pilot = Pilot.create(PilotOptions.defaults().withXds(HOST, 0), List.of(registry));
    pilot.start();
    proxy = ProxyServer.start(BootstrapLoader.parse("proxy.yaml", QuickstartFiles.proxy(pilot.xdsPort(), 0)));

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(IOException.class)
        .untilAsserted(
            () ->
                assertThat(answers(servicePort, 10))
                    .containsExactlyInAnyOrder("hello from one", "hello from two"));

    consul.setCheckStatus("dc1", "service:" + otherId, CheckStatus.CRITICAL);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(answers(servicePort, 10)).containsExactly("hello from " + keptName));
    long before = otherName.equals("one") ? one.requests() : two.requests();
    assertThat(answers(servicePort, 10)).containsExactly("hello from " + keptName);
    assertThat(otherName.equals("one") ? one.requests() : two.requests()).isEqualTo(before);

    consul.setCheckStatus("dc1", "service:" + otherId, CheckStatus.PASSING);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(answers(servicePort, 10))
                    .containsExactlyInAnyOrder("hello from one", "hello from two"));
  }

  /** The distinct bodies of {@code n} requests through the proxy for {@code hello}. */
  private static Set<String> answers(int port, int n) throws IOException {
    Set<String> bodies = new HashSet<>();
    for (int i = 0; i < n; i++) {
      bodies.add(get(port, "hello.default.mesh:" + port).trim());
    }
    return bodies;
  }

  /** One GET with a chosen Host header over a plain socket; the body of a 200, else an error. */
  private static String get(int port, String host) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int headerEnd = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 200") || headerEnd < 0) {
        throw new IOException("not a 200: " + text);
      }
      return text.substring(headerEnd + 4);
    }
  }


}
