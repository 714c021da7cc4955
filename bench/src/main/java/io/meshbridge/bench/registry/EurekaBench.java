package io.meshbridge.bench.registry;

import io.meshbridge.eureka.testing.EurekaServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The real Eureka server (Spring Cloud Netflix, {@code registry-adapters/eureka-test-server}) in a
 * forked JVM, started by the same launcher as the Eureka integration tests ({@link
 * EurekaServerExtension}; its configuration: standalone, no read-only response cache, cache update
 * every 500 ms). Instances are registered over REST as Eureka clients do ({@code POST
 * apps/<APP>}, 16 in flight), with a one-hour lease so that no heartbeats are needed during a run;
 * a change registers or cancels ({@code DELETE}) one instance. Pilot polls deltas every {@code
 * fetchInterval}.
 */
final class EurekaBench implements BenchRegistry {

  private final EurekaServerExtension server = new EurekaServerExtension();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Duration fetchInterval;

  EurekaBench(Duration fetchInterval) {
    this.fetchInterval = fetchInterval;
  }

  @Override
  public String description() {
    return "Eureka (real Spring Cloud Netflix server, forked JVM), pilot fetchInterval "
        + fetchInterval.toMillis()
        + " ms";
  }

  @Override
  public void start() {
    server.start();
  }

  @Override
  public void populate(Shape shape) {
    Semaphore inFlight = new Semaphore(16);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int s = 0; s < shape.services(); s++) {
      for (int i = 0; i < shape.instances(); i++) {
        inFlight.acquireUninterruptibly();
        all.add(
            http.sendAsync(register(s, i), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> expect(r, 204, "register"))
                .whenComplete((r, e) -> inFlight.release()));
      }
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  @Override
  public String pilotYaml() {
    return "  - type: eureka\n    id: eureka\n    serviceUrls: ["
        + server.serviceUrl()
        + "]\n    fetchInterval: "
        + fetchInterval.toMillis()
        + "ms\n";
  }

  @Override
  public void addExtra(Shape shape, int service) {
    send(register(service, Shape.EXTRA), 204, "register");
  }

  @Override
  public void removeExtra(Shape shape, int service) {
    URI uri =
        server
            .serviceUrl()
            .resolve("apps/" + app(service) + "/" + Shape.instanceId(service, Shape.EXTRA));
    send(HttpRequest.newBuilder(uri).DELETE().build(), 200, "cancel");
  }

  private HttpRequest register(int service, int instance) {
    String json =
        "{\"instance\":{\"instanceId\":\""
            + Shape.instanceId(service, instance)
            + "\",\"hostName\":\""
            + Shape.address(service, instance)
            + "\",\"app\":\""
            + app(service)
            + "\",\"ipAddr\":\""
            + Shape.address(service, instance)
            + "\",\"vipAddress\":\""
            + Shape.service(service)
            + "\",\"secureVipAddress\":\""
            + Shape.service(service)
            + "\",\"status\":\"UP\",\"port\":{\"$\":"
            + Shape.PORT
            + ",\"@enabled\":\"true\"},\"securePort\":{\"$\":443,\"@enabled\":\"false\"},"
            + "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
            + "\"name\":\"MyOwn\"},\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":3600}}}";
    return HttpRequest.newBuilder(server.serviceUrl().resolve("apps/" + app(service)))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static String app(int service) {
    return Shape.service(service).toUpperCase(Locale.ROOT);
  }

  private void send(HttpRequest request, int expected, String what) {
    try {
      expect(http.send(request, HttpResponse.BodyHandlers.discarding()), expected, what);
    } catch (IOException e) {
      throw new UncheckedIOException("eureka " + what + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("eureka " + what + ": interrupted", e);
    }
  }

  private static <T> HttpResponse<T> expect(HttpResponse<T> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          "eureka "
              + what
              + " "
              + response.request().uri()
              + ": HTTP "
              + response.statusCode()
              + " (expected: "
              + status
              + ")");
    }
    return response;
  }

  @Override
  public void close() {
    server.stop();
  }
}
