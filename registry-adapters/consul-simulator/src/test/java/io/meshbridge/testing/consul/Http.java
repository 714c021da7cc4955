package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A small JDK HTTP client for the simulator's tests. */
final class Http {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A response: status, index header, body. */
  record Response(int status, long index, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ConsulSimulator consul;

  Http(ConsulSimulator consul) {
    this.consul = consul;
  }

  Response get(String pathAndQuery) {
    return get(pathAndQuery, null);
  }

  Response get(String pathAndQuery, @Nullable String token) {
    return getAsync(pathAndQuery, token).join();
  }

  CompletableFuture<Response> getAsync(String pathAndQuery, @Nullable String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(consul.address() + pathAndQuery))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    return client
        .sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(Http::response);
  }

  Response put(String pathAndQuery, String body) {
    return put(pathAndQuery, body, null);
  }

  Response put(String pathAndQuery, String body, @Nullable String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(consul.address() + pathAndQuery))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    try {
      return response(
          client.send(
              b.PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Response response(HttpResponse<String> r) {
    long index = r.headers().firstValue("X-Consul-Index").map(Long::parseLong).orElse(-1L);
    return new Response(r.statusCode(), index, r.body(), r);
  }
}
