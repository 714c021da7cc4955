package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Protocol;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DubboProviderParserTest {

  private static final String IFACE = "com.foo.OrderService";

  private static Instance parse(String url) throws InvalidInstanceException {
    String name = URLEncoder.encode(url, StandardCharsets.UTF_8);
    return DubboProviderParser.parse(path(name), IFACE, name);
  }

  private static String path(String name) {
    return "/dubbo/" + IFACE + "/providers/" + name;
  }

  @Test
  void providerUrlGivesAddressPortAndLabels() throws Exception {
    String url = "dubbo://10.0.0.5:20880/com.foo.OrderService?anyhost=true&application=orders"
        + "&interface=com.foo.OrderService&methods=get,put&side=provider&version=1.0";
    Instance instance = parse(url);

    assertThat(instance).isEqualTo(new Instance(
        path(URLEncoder.encode(url, StandardCharsets.UTF_8)), IFACE, "orderservice", "10.0.0.5",
        new TreeMap<>(Map.of("dubbo", new Instance.Port(20880, Protocol.TCP))),
        Map.of("anyhost", "true", "application", "orders", "interface", IFACE,
            "methods", "get,put", "side", "provider", "version", "1.0"),
        HealthStatus.HEALTHY));
  }

  @Test
  void schemeGivesTheProtocol() throws Exception {
    assertThat(parse("tri://10.0.0.5:50051/x").ports())
        .containsExactly(Map.entry("tri", new Instance.Port(50051, Protocol.GRPC)));
    assertThat(parse("grpc://10.0.0.5:50051/x").ports())
        .containsExactly(Map.entry("grpc", new Instance.Port(50051, Protocol.GRPC)));
    assertThat(parse("rest://10.0.0.5:8080/x").ports())
        .containsExactly(Map.entry("rest", new Instance.Port(8080, Protocol.HTTP)));
    assertThat(parse("http://10.0.0.5:8080").ports())
        .containsExactly(Map.entry("http", new Instance.Port(8080, Protocol.HTTP)));
    assertThat(parse("hessian://10.0.0.5:8081/x").ports())
        .containsExactly(Map.entry("hessian", new Instance.Port(8081, Protocol.TCP)));
  }

  @Test
  void ipv6UserInfoAndDisabled() throws Exception {
    Instance instance = parse("dubbo://admin:pw@[fd00::5]:20880/x?enabled=false&flag");

    assertThat(instance.address()).isEqualTo("fd00::5");
    assertThat(instance.labels()).isEqualTo(Map.of("enabled", "false", "flag", ""));
    assertThat(instance.health()).isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void errorsNameTheZnodeAndTheField() {
    String bad = "dubbo%3A%2F%2F10.0.0.5%3A20880%zz";
    assertThatThrownBy(() -> DubboProviderParser.parse(path(bad), IFACE, bad))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessageStartingWith(path(bad) + ": provider URL: cannot URL-decode '" + bad + "': ")
        .hasMessageEndingWith("(expected: a URL-encoded dubbo provider URL)");
    assertThatThrownBy(() -> parse("not a url"))
        .hasMessageEndingWith(": provider URL: 'not a url'"
            + " (expected: protocol://host:port/interface?parameters)");
    assertThatThrownBy(() -> parse("dubbo://10.0.0.5/x?a=b"))
        .hasMessageEndingWith(
            ": provider URL 'dubbo://10.0.0.5/x?a=b': port: missing (expected: 1..65535)");
    assertThatThrownBy(() -> parse("dubbo://10.0.0.5:0/x"))
        .hasMessageEndingWith(": port: '0' (expected: 1..65535)");
    assertThatThrownBy(() -> parse("dubbo://10.0.0.5:http/x"))
        .hasMessageEndingWith(": port: 'http' (expected: 1..65535)");
  }
}
