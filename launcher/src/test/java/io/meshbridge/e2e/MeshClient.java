package io.meshbridge.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sends requests to a proxy listener with the Host header of a mesh service, over keep-alive. */
final class MeshClient {

  /**
   * What came back: the status, which backend answered (its X-Backend header), the body, and the
   * response headers.
   */
  record Reply(int status, String backend, String body, java.net.http.HttpHeaders headers) {}

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  Reply get(int listenerPort, String host) throws IOException, InterruptedException {
    return get(listenerPort, host, Map.of());
  }

  /** GET with extra request headers. */
  Reply get(int listenerPort, String host, Map<String, String> headers)
      throws IOException, InterruptedException {
    return get(listenerPort, host, "/", headers);
  }

  /** GET of {@code target} (path and query) with extra request headers. */
  Reply get(int listenerPort, String host, String target, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listenerPort + target))
            .header("Host", host)
            .timeout(Duration.ofSeconds(5))
            .GET();
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(),
        response.headers().firstValue("X-Backend").orElse(""),
        response.body(),
        response.headers());
  }

  /** GET that fails the test on anything but a 200 from a backend. */
  String backendOf(int listenerPort, String host) throws IOException, InterruptedException {
    Reply r = get(listenerPort, host);
    if (r.status() != 200 || r.backend().isEmpty()) {
      throw new AssertionError("expected a 200 from a backend, got " + r);
    }
    return r.backend();
  }
}
