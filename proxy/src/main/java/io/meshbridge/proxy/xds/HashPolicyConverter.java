package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy;
import io.meshbridge.proxy.config.HashPolicy.Kind;
import com.google.protobuf.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A route's {@code hash_policy} → {@link io.meshbridge.proxy.config.HashPolicy}: {@code header},
 * {@code cookie} (with a {@code ttl}, a missing cookie is generated as Envoy does; {@code
 * attributes} are rejected),
 * {@code connection_properties.source_ip} and {@code query_parameter}, each with {@code terminal}.
 */
final class HashPolicyConverter {

  private HashPolicyConverter() {}

  static List<io.meshbridge.proxy.config.HashPolicy> convert(
      List<HashPolicy> policies, FieldChecker check, String path)
      throws InvalidResourceException {
    List<io.meshbridge.proxy.config.HashPolicy> out = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      out.add(policy(policies.get(i), check, at(path, i)));
    }
    return out;
  }

  private static io.meshbridge.proxy.config.HashPolicy policy(
      HashPolicy p, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(
        p, path, "header", "cookie", "connection_properties", "query_parameter", "terminal");
    switch (p.getPolicySpecifierCase()) {
      case HEADER -> {
        check.onlySupported(p.getHeader(), join(path, "header"), "header_name");
        String name =
            nonEmpty(p.getHeader().getHeaderName(), check, join(path, "header.header_name"));
        return new io.meshbridge.proxy.config.HashPolicy(
            Kind.HEADER, name.toLowerCase(Locale.ROOT), p.getTerminal());
      }
      case COOKIE -> {
        String cookie = join(path, "cookie");
        check.onlySupported(p.getCookie(), cookie, "name", "path", "ttl");
        Duration ttl = null;
        if (p.getCookie().hasTtl()) {
          com.google.protobuf.Duration t = p.getCookie().getTtl();
          if (!Durations.isValid(t) || Durations.isNegative(t)) {
            throw check.invalid(
                join(cookie, "ttl"), ProtoDurations.describe(t) + " (expected: >= 0s)");
          }
          ttl = Duration.ofSeconds(t.getSeconds(), t.getNanos());
        }
        String name = nonEmpty(p.getCookie().getName(), check, join(cookie, "name"));
        return new io.meshbridge.proxy.config.HashPolicy(
            Kind.COOKIE, name, p.getTerminal(), p.getCookie().getPath(), ttl);
      }
      case CONNECTION_PROPERTIES -> {
        String props = join(path, "connection_properties");
        check.onlySupported(p.getConnectionProperties(), props, "source_ip");
        if (!p.getConnectionProperties().getSourceIp()) {
          throw check.invalid(join(props, "source_ip"), "false (expected: true)");
        }
        return new io.meshbridge.proxy.config.HashPolicy(Kind.SOURCE_IP, "", p.getTerminal());
      }
      case QUERY_PARAMETER -> {
        check.onlySupported(p.getQueryParameter(), join(path, "query_parameter"), "name");
        String name =
            nonEmpty(p.getQueryParameter().getName(), check, join(path, "query_parameter.name"));
        return new io.meshbridge.proxy.config.HashPolicy(
            Kind.QUERY_PARAMETER, name, p.getTerminal());
      }
      default ->
          throw check.invalid(
              path,
              "no policy (expected: one of header, cookie, connection_properties,"
                  + " query_parameter)");
    }
  }

  private static String nonEmpty(String value, FieldChecker check, String path)
      throws InvalidResourceException {
    if (value.isEmpty()) {
      throw check.invalid(path, "missing (expected: a name)");
    }
    return value;
  }
}
