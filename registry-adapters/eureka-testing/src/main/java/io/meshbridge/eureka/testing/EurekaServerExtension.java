package io.meshbridge.eureka.testing;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Eureka server (Spring Cloud Netflix) for a test class, in a forked JVM on a free loopback
 * port: standalone, self-preservation off, no read-only response cache, leases evicted every second
 * (see the test server's {@code application.properties}).
 *
 * <pre>{@code
 * @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();
 * ... eureka.serviceUrl() ... eureka.stop(); ... eureka.start(); // same port
 * }</pre>
 *
 * <p>Register it on a static field: the server starts before the first test (and again before any
 * test that finds it stopped) and is killed after the last. {@link #start} returns once {@code GET
 * /eureka/apps} answers. Calls come from the test thread only.
 */
public final class EurekaServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  /** How long a start may take; a loaded CI machine needs 10 to 20 s. */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private static final AtomicInteger STARTS = new AtomicInteger();

  private final Map<String, String> properties = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private int port;
  private @Nullable EurekaServerProcess process;

  /**
   * Adds a Spring/Eureka property for the server, e.g. {@code
   * eureka.server.retention-time-in-m-s-in-delta-queue}; applies from the next {@link #start}.
   */
  public EurekaServerExtension withProperty(String key, String value) {
    properties.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!isRunning()) {
      start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /**
   * Starts the server (on the same port as before, if it ran before) and waits until {@code GET
   * /eureka/apps} gets an answer.
   *
   * @throws IllegalStateException if it is running, or exits or does not answer in time (with the
   *     end of its log)
   */
  public void start() {
    if (isRunning()) {
      throw new IllegalStateException("eureka test server: already running on port " + port);
    }
    if (port == 0) {
      port = freePort();
    }
    Path log = logDirectory().resolve("eureka-" + port + "-" + STARTS.incrementAndGet() + ".log");
    EurekaServerProcess started = EurekaServerProcess.fork(port, properties, log);
    process = started;
    try {
      await("eureka test server on port " + port)
          .atMost(STARTUP_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> answers(started));
    } catch (RuntimeException e) {
      started.kill();
      process = null;
      throw new IllegalStateException(
          "eureka test server: no answer on port "
              + port
              + "; log "
              + log
              + ":\n"
              + started.logTail(),
          e);
    }
  }

  /** Kills the server (an outage, not a shutdown: nothing is deregistered); idempotent. */
  public void stop() {
    EurekaServerProcess running = process;
    process = null;
    if (running != null) {
      running.kill();
    }
  }

  public boolean isRunning() {
    EurekaServerProcess running = process;
    return running != null && running.isAlive();
  }

  /** The port; stays the same across {@link #stop} and {@link #start}. */
  public int port() {
    if (port == 0) {
      throw new IllegalStateException("eureka test server: not started yet");
    }
    return port;
  }

  /** {@code http://127.0.0.1:PORT/eureka/}, as Eureka clients are configured. */
  public URI serviceUrl() {
    return URI.create("http://127.0.0.1:" + port() + "/eureka/");
  }

  private boolean answers(EurekaServerProcess started) throws IOException, InterruptedException {
    if (!started.isAlive()) {
      throw new IllegalStateException("eureka test server exited while starting");
    }
    HttpRequest request =
        HttpRequest.newBuilder(serviceUrl().resolve("apps"))
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      // Any answer will do: a server configured to wait for re-registrations answers 403 at first.
      return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() < 500;
    } catch (IOException notYet) {
      return false; // refused, reset or timed out while Tomcat comes up
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("eureka test server: no free loopback port", e);
    }
  }

  /** {@code target/eureka-test-server} of the module under test (Maven sets {@code basedir}). */
  private static Path logDirectory() {
    return Path.of(System.getProperty("basedir", "."), "target", "eureka-test-server");
  }
}
