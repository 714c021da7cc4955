package io.meshbridge.testing.consul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound HTTP server over the catalog: routes {@code /v1/...} to the endpoints, records every
 * request, and turns errors into Consul's status codes and plain-text bodies. A stopped simulator
 * drops its server; a restart binds a new one on the same port.
 */
final class SimulatorServer {

  private static final Logger logger = LoggerFactory.getLogger(SimulatorServer.class);

  private final HttpServer server;
  private final ReadEndpoints reads;
  private final AgentEndpoints agent;
  private final Consumer<RecordedRequest> recorder;
  private final String defaultAclPolicy;

  private SimulatorServer(
      HttpServer server, Catalog catalog, Acl acl, Consumer<RecordedRequest> recorder) {
    this.server = server;
    this.reads = new ReadEndpoints(catalog, acl);
    this.agent = new AgentEndpoints(catalog, acl);
    this.recorder = recorder;
    this.defaultAclPolicy = acl.enabled() ? "deny" : "allow";
  }

  static SimulatorServer start(
      int port,
      Catalog catalog,
      Acl acl,
      Consumer<RecordedRequest> recorder,
      ExecutorService executor)
      throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    SimulatorServer s = new SimulatorServer(http, catalog, acl, recorder);
    http.createContext("/", s::handle);
    http.setExecutor(executor);
    http.start();
    return s;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        Request request = Request.read(exchange);
        recorder.accept(request.recorded());
        reply = route(request);
      } catch (HttpError e) {
        reply = Reply.text(e.status, e.getMessage());
      } catch (Catalog.UnknownDatacenterException e) {
        reply = Reply.text(500, e.getMessage());
      } catch (Catalog.StoppedException e) {
        return; // the connection is closed under the client, as when Consul goes away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        logger.error(
            "consul simulator: {} {} failed",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e);
        reply = Reply.text(500, e.toString());
      }
      reply.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.getResponseHeaders().set("X-Consul-Default-Acl-Policy", defaultAclPolicy);
      exchange.sendResponseHeaders(
          reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    }
  }

  private Reply route(Request r) throws InterruptedException {
    List<String> parts = List.of(r.path().replaceFirst("^/+", "").split("/", -1));
    String route = String.join("/", parts.subList(0, Math.min(parts.size(), 3)));
    String rest = parts.size() > 3 ? String.join("/", parts.subList(3, parts.size())) : "";
    int slash = rest.indexOf('/');
    String verb = slash < 0 ? rest : rest.substring(0, slash);
    String id = slash < 0 ? "" : rest.substring(slash + 1);
    switch (route) {
      case "v1/catalog/services" -> {
        requireMethod(r, "GET");
        return reads.catalogServices(r);
      }
      case "v1/health/service" -> {
        requireMethod(r, "GET");
        return reads.healthService(r, rest);
      }
      case "v1/agent/services" -> {
        requireMethod(r, "GET");
        return agent.services(r);
      }
      case "v1/agent/service" -> {
        if (verb.equals("register") && slash < 0) {
          requireMethod(r, "PUT");
          return agent.register(r);
        }
        if (verb.equals("deregister") && !id.isEmpty()) {
          requireMethod(r, "PUT");
          return agent.deregister(r, id);
        }
      }
      case "v1/agent/check" -> {
        if (List.of("pass", "warn", "fail").contains(verb) && !id.isEmpty()) {
          requireMethod(r, "PUT");
          return agent.ttl(r, verb, id);
        }
        if (verb.equals("update") && !id.isEmpty()) {
          requireMethod(r, "PUT");
          return agent.update(r, id);
        }
      }
      default -> {
        // falls through to 404
      }
    }
    throw new HttpError(404, "404 page not found");
  }

  private static void requireMethod(Request r, String method) {
    if (!r.method().equals(method)) {
      throw new HttpError(405, "method " + r.method() + " not allowed");
    }
  }
}
