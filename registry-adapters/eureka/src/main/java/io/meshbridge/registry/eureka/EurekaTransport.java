package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Sends one request to Eureka, failing over between the configured servers as Eureka's own clients
 * do. The registry and the registrar see only this, so tests can replay recorded answers.
 */
interface EurekaTransport {

  /**
   * Sends {@code request} to the server that answered last, then to the others in order, until one
   * answers with a status below 500.
   *
   * @throws EurekaUnavailableException naming every server and what went wrong with it, when none
   *     answered
   */
  Response send(Request request);

  /**
   * One request.
   *
   * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
   * @param path relative to a service URL, e.g. {@code apps/delta} or {@code apps/ORDERS/o-1}
   * @param json the body, for {@code POST}
   */
  record Request(String method, String path, @Nullable String json) {
    public Request {
      requireNonNull(method, "method");
      requireNonNull(path, "path");
    }

    static Request get(String path) {
      return new Request("GET", path, null);
    }
  }

  /** What the server that answered said. */
  record Response(URI server, int status, String body) {
    public Response {
      requireNonNull(server, "server");
      requireNonNull(body, "body");
    }
  }
}
