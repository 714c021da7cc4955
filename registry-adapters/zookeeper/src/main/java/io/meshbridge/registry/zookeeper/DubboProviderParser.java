package io.meshbridge.registry.zookeeper;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Protocol;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Dubbo provider from its znode name, a URL-encoded provider URL such as {@code
 * dubbo://10.0.0.5:20880/com.foo.OrderService?application=orders&side=provider&version=1.0}.
 *
 * <p>The scheme names the one port ({@code dubbo} → TCP, {@code tri} and {@code grpc} → GRPC,
 * {@code rest} and {@code http} → HTTP, {@code https} → TLS, anything else → TCP); the query
 * parameters become labels; {@code enabled=false} makes the endpoint UNHEALTHY.
 */
final class DubboProviderParser {

  /** scheme :// [userinfo@] host [: port] [/path] [?query]; host may be a bracketed IPv6. */
  private static final Pattern URL = Pattern.compile(
      "([a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/?]*@)?(\\[[0-9a-fA-F:.]+]|[^:/?\\[\\]]+)(?::([^/?]*))?"
          + "(/[^?]*)?(?:\\?(.*))?");

  private static final Map<String, Protocol> PROTOCOLS = Map.of(
      "dubbo", Protocol.TCP,
      "tri", Protocol.GRPC,
      "grpc", Protocol.GRPC,
      "rest", Protocol.HTTP,
      "http", Protocol.HTTP,
      "https", Protocol.TLS);

  static Instance parse(String path, String interfaceName, String nodeName)
      throws InvalidInstanceException {
    String url;
    try {
      url = URLDecoder.decode(nodeName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInstanceException(path, "provider URL: cannot URL-decode '" + nodeName
          + "': " + e.getMessage() + " (expected: a URL-encoded dubbo provider URL)");
    }
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new InvalidInstanceException(path, "provider URL: '" + url
          + "' (expected: protocol://host:port/interface?parameters)");
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String host = m.group(2);
    String portText = m.group(3);
    if (portText == null || portText.isEmpty()) {
      throw new InvalidInstanceException(path, "provider URL '" + url
          + "': port: missing (expected: 1..65535)");
    }
    int port = port(path, url, portText);
    Map<String, String> labels = query(m.group(5));
    String portName = ServiceNames.sanitize(scheme);
    Protocol protocol = PROTOCOLS.getOrDefault(scheme, Protocol.TCP);
    HealthStatus health =
        "false".equalsIgnoreCase(labels.get("enabled")) ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY;
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Instance(path, interfaceName, ServiceNames.ofDubboInterface(interfaceName), host,
        new TreeMap<>(Map.of(portName, new Instance.Port(port, protocol))), labels, health);
  }

  private static int port(String path, String url, String text) throws InvalidInstanceException {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the URL
    }
    throw new InvalidInstanceException(path, "provider URL '" + url + "': port: '" + text
        + "' (expected: 1..65535)");
  }

  /** {@code a=1&b=&c} as {a: 1, b: "", c: ""}; a repeated key keeps its last value. */
  private static Map<String, String> query(@Nullable String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return params;
  }

  private DubboProviderParser() {}
}
