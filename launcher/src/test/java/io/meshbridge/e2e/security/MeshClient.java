package io.meshbridge.e2e.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends plaintext HTTP/1.1 requests for orders.shop to a port on 127.0.0.1, as an app would. */
final class MeshClient {

  private final HttpClient client = newClient();
  private final String authority;
  private final int ordersPort;

  MeshClient(int ordersPort) {
    this.ordersPort = ordersPort;
    this.authority = SecureMesh.ORDERS_HOST + ":" + ordersPort;
  }

  /** {@code method path} sent to {@code address:port}; IOException if the connection broke. */
  HttpResponse<String> send(String method, String address, int port, String path)
      throws IOException, InterruptedException {
    return send(client, method, address, port, path);
  }

  private HttpResponse<String> send(HttpClient over, String method, String address, int port,
      String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + path))
            .header("Host", authority)
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return over.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The status of {@code method path} sent through {@code sidecar}'s outbound listener. */
  int via(Sidecar sidecar, String method, String path) throws IOException, InterruptedException {
    return send(method, sidecar.bindAddress(), ordersPort, path).statusCode();
  }

  /**
   * The status of {@code method path} sent in plaintext straight to an inbound port, on a new
   * connection (an open one keeps the filter chain it was accepted with).
   */
  int direct(int inboundPort, String method, String path)
      throws IOException, InterruptedException {
    return send(newClient(), method, "127.0.0.1", inboundPort, path).statusCode();
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }
}
