package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a real Eureka server directly over REST, as any non-Meshbridge client would. */
final class EurekaRest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI serviceUrl;

  EurekaRest(URI serviceUrl) {
    this.serviceUrl = serviceUrl;
  }

  /** {@code POST apps/<APP>}; Eureka answers 204. */
  void register(ObjectNode instance) {
    String app = instance.path("app").asText();
    String body = "{\"instance\":" + instance + "}";
    assertThat(send("POST", "apps/" + app, body).statusCode()).as("register").isEqualTo(204);
  }

  /** {@code PUT apps/<APP>/<id>/status?value=...}: the operator's override. */
  void status(String app, String id, String value) {
    assertThat(send("PUT", "apps/" + app + "/" + id + "/status?value=" + value, null).statusCode())
        .as("status")
        .isEqualTo(200);
  }

  void cancel(String app, String id) {
    assertThat(send("DELETE", "apps/" + app + "/" + id, null).statusCode())
        .as("cancel")
        .isEqualTo(200);
  }

  /** The status code of {@code GET apps/<APP>/<id>}: 200 while registered, 404 once gone. */
  int lookup(String app, String id) {
    return send("GET", "apps/" + app + "/" + id, null).statusCode();
  }

  /** {@code GET apps/<APP>/<id>} as JSON. */
  String instance(String app, String id) {
    HttpResponse<String> response = send("GET", "apps/" + app + "/" + id, null);
    assertThat(response.statusCode()).as("lookup").isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(serviceUrl.resolve(path))
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(10));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + ": interrupted", e);
    }
  }
}
