package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EurekaTransport} over the JDK's HTTP client, JSON both ways. Like Eureka's {@code
 * RetryableEurekaHttpClient}, it sticks to the server that answered last and moves on to the next
 * one on a connection failure, a timeout or a 5xx status.
 *
 * <p>Confined to its owner's thread (the registry's or the registrar's), like the index of the
 * server that answered last.
 */
final class HttpTransport implements EurekaTransport {

  private static final Logger logger = LoggerFactory.getLogger(HttpTransport.class);

  private final String owner;
  private final List<URI> serviceUrls;
  private final Duration timeout;
  private final HttpClient client;
  private int current;

  HttpTransport(String owner, List<URI> serviceUrls, Duration timeout) {
    this.owner = requireNonNull(owner, "owner");
    this.serviceUrls = List.copyOf(serviceUrls);
    this.timeout = requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Response send(Request request) {
    List<String> failures = new ArrayList<>();
    int first = current;
    for (int i = 0; i < serviceUrls.size(); i++) {
      int index = (first + i) % serviceUrls.size();
      URI server = serviceUrls.get(index);
      try {
        HttpResponse<String> answer =
            client.send(build(server, request), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() < 500) {
          if (index != first) {
            logger.info("{}: now using Eureka server {} ({})", owner, server, failures);
          }
          current = index;
          return new Response(server, answer.statusCode(), answer.body());
        }
        failures.add(server + ": HTTP " + answer.statusCode());
      } catch (IOException e) {
        failures.add(server + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(server + ": interrupted");
        break;
      }
    }
    throw new EurekaUnavailableException(
        request.method()
            + " "
            + request.path()
            + ": no Eureka server answered ("
            + String.join("; ", failures)
            + ")");
  }

  private HttpRequest build(URI server, Request request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.resolve(request.path()))
            .timeout(timeout)
            .header("Accept", "application/json");
    String json = request.json();
    if (json == null) {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", "application/json")
          .method(
              request.method(), HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    return builder.build();
  }
}
