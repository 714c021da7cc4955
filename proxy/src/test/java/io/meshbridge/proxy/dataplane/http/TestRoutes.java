package io.meshbridge.proxy.dataplane.http;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;

import io.meshbridge.proxy.config.EndpointConfig.Health;
import io.meshbridge.proxy.testing.TestConfigs;
import java.util.List;

/** The config the embedded handler tests route with. */
final class TestRoutes {

  private TestRoutes() {}

  static TestConfigs.Builder base() {
    return config()
        .listener("l", 8080, "rt")
        .routes(
            "rt",
            vhost("orders", List.of("orders.mesh"), prefix("/api", "orders")),
            vhost("web", List.of("web.mesh"), prefix("/", "web")),
            vhost("ghost", List.of("ghost.mesh"), prefix("/", "missing")),
            vhost("dead", List.of("dead.mesh"), prefix("/", "dead")))
        .cluster("orders", endpoint("10.0.0.1", 80), endpoint("10.0.0.2", 80))
        .cluster("web", endpoint("10.0.1.1", 80))
        .cluster("dead", endpoint("10.0.2.1", 80, Health.UNHEALTHY, 1));
  }

  static String get(String host, String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
  }

  static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
}
