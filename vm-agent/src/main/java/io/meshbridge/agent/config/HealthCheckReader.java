package io.meshbridge.agent.config;

import io.meshbridge.agent.config.HealthCheckConfig.Probe;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads {@code healthCheck:}: exactly one of {@code http}, {@code tcp}, {@code command}. */
final class HealthCheckReader {

  static @Nullable HealthCheckConfig read(@Nullable ConfigNode h, ServiceConfig service) {
    if (h == null) {
      return null;
    }
    h.only("http", "tcp", "command", "interval", "timeout", "healthyThreshold",
        "unhealthyThreshold");
    int kinds = (h.has("http") ? 1 : 0) + (h.has("tcp") ? 1 : 0) + (h.has("command") ? 1 : 0);
    if (kinds != 1) {
      throw h.invalid("", kinds + " probes (expected: exactly one of http, tcp, command)");
    }
    int defaultPort = service.ports().get(0).targetPort();
    Probe probe;
    ConfigNode http = h.object("http");
    ConfigNode tcp = h.object("tcp");
    if (http != null) {
      http.only("host", "port", "path");
      String path = http.string("path", "/");
      if (!path.startsWith("/")) {
        throw http.invalid("path", "'" + path + "' (expected: starting with /)");
      }
      probe = new HealthCheckConfig.Http(http.string("host", "127.0.0.1"),
          http.integer("port", defaultPort, 1, 65535), path);
    } else if (tcp != null) {
      tcp.only("host", "port");
      probe = new HealthCheckConfig.Tcp(tcp.string("host", "127.0.0.1"),
          tcp.integer("port", defaultPort, 1, 65535));
    } else {
      List<String> argv = h.strings("command");
      if (argv.isEmpty()) {
        throw h.invalid("command", "[] (expected: a program and its arguments)");
      }
      probe = new HealthCheckConfig.Command(argv);
    }
    Duration interval = positive(h, "interval", Duration.ofSeconds(10));
    Duration timeout = positive(h, "timeout", Duration.ofSeconds(2));
    if (timeout.compareTo(interval) > 0) {
      throw h.invalid("timeout", Durations.format(timeout) + " (expected: at most interval "
          + Durations.format(interval) + ")");
    }
    return new HealthCheckConfig(probe, interval, timeout, h.integer("healthyThreshold", 1, 1, 100),
        h.integer("unhealthyThreshold", 3, 1, 100));
  }

  private static Duration positive(ConfigNode h, String key, Duration defaultValue) {
    Duration d = h.duration(key, defaultValue);
    if (d.isZero()) {
      throw h.invalid(key, "0 (expected: a positive duration)");
    }
    return d;
  }

  private HealthCheckReader() {}
}
