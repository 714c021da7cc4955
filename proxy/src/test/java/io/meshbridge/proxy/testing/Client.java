package io.meshbridge.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link HttpClient} over HTTP/1.1 aimed at a proxy port. Setting Host needs {@code
 * -Djdk.httpclient.allowRestrictedHeaders=host} (set by the build for integration tests).
 */
public final class Client {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String address;
  private final int port;

  public Client(int port) {
    this("127.0.0.1", port);
  }

  /** A client of {@code address:port} (another loopback address, e.g. 127.0.0.2). */
  public Client(String address, int port) {
    this.address = address;
    this.port = port;
  }

  public HttpRequest.Builder request(String host, String path) {
    return HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + path))
        .timeout(Duration.ofSeconds(20))
        .header("Host", host);
  }

  public HttpResponse<String> get(String host, String path) {
    return send(request(host, path).GET().build());
  }

  public CompletableFuture<HttpResponse<String>> getAsync(String host, String path) {
    return http.sendAsync(request(host, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
