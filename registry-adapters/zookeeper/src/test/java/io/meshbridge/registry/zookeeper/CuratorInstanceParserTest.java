package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CuratorInstanceParserTest {

  private static final String PATH = "/services/Orders_Service/4b1c";

  private static Instance parse(String json) throws InvalidInstanceException {
    return CuratorInstanceParser.parse(PATH, "Orders_Service",
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void springCloudInstanceGivesMetadataAsLabels() throws Exception {
    Instance instance = parse("""
        {"name":"Orders_Service","id":"4b1c","address":"10.0.0.5","port":8080,"sslPort":null,
         "payload":{"@class":"org.springframework.cloud.zookeeper.discovery.ZookeeperInstance",
           "id":"orders","name":"orders","metadata":{"version":"v2","instance_status":"UP"}},
         "registrationTimeUTC":1700000000000,"serviceType":"DYNAMIC",
         "uriSpec":{"parts":[{"value":"scheme","variable":true}]}}
        """);

    assertThat(instance).isEqualTo(new Instance(PATH, "Orders_Service", "orders-service",
        "10.0.0.5", new java.util.TreeMap<>(Map.of("http", new Instance.Port(8080, Protocol.HTTP))),
        Map.of("version", "v2", "instance_status", "UP"), HealthStatus.HEALTHY));
  }

  @Test
  void unknownPayloadClassIsReadWithoutLoadingIt() throws Exception {
    Instance instance = parse("""
        {"name":"x","id":"1","address":"host-a","port":9000,
         "payload":{"@class":"com.example.NotOnTheClasspath","weight":3,"tags":["a"]},
         "serviceType":"DYNAMIC","someFutureField":{"a":1}}
        """);

    assertThat(instance.address()).isEqualTo("host-a");
    assertThat(instance.labels()).isEmpty();
    assertThat(instance.ports()).containsExactly(
        Map.entry("http", new Instance.Port(9000, Protocol.HTTP)));
  }

  @Test
  void protocolSslPortAndEnabled() throws Exception {
    Instance instance = parse("""
        {"address":"10.0.0.6","port":9090,"sslPort":9443,"enabled":false,
         "payload":{"metadata":{"protocol":"grpc","n":5,"nested":{"a":1}}}}
        """);

    assertThat(instance.ports()).containsExactly(
        Map.entry("grpc", new Instance.Port(9090, Protocol.GRPC)),
        Map.entry("https", new Instance.Port(9443, Protocol.TLS)));
    assertThat(instance.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("protocol", "grpc", "n", "5", "nested", "{\"a\":1}"));
    assertThat(instance.health()).isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void sslPortAloneIsHttps() throws Exception {
    assertThat(parse("{\"address\":\"a\",\"sslPort\":8443}").ports())
        .containsExactly(Map.entry("https", new Instance.Port(8443, Protocol.TLS)));
  }

  @Test
  void errorsNameTheZnodeAndTheField() {
    assertThatThrownBy(() -> parse("{\"address\": \"a\", \"port\": 80"))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessageStartingWith(PATH + ": invalid JSON at line 1, column ")
        .hasMessageEndingWith("(expected: a Curator service instance)");
    assertThatThrownBy(() -> parse(""))
        .hasMessage(PATH + ": no data (expected: a Curator service instance as JSON)");
    assertThatThrownBy(() -> parse("[1]"))
        .hasMessage(PATH + ": JSON array (expected: an object, a Curator service instance)");
    assertThatThrownBy(() -> parse("{\"port\": 80}"))
        .hasMessage(PATH + ": address: missing (expected: an IP address or host name)");
    assertThatThrownBy(() -> parse("{\"address\": \"10.0.0.5\", \"port\": null}"))
        .hasMessage(PATH + ": port: missing (expected: port or sslPort, 1..65535)");
    assertThatThrownBy(() -> parse("{\"address\": \"10.0.0.5\", \"port\": 70000}"))
        .hasMessage(PATH + ": port: 70000 (expected: 1..65535)");
    assertThatThrownBy(() -> parse("{\"address\": \"10.0.0.5\", \"sslPort\": \"443\"}"))
        .hasMessage(PATH + ": sslPort: '443' (expected: 1..65535)");
    assertThatThrownBy(() -> parse(
            "{\"address\":\"a\",\"port\":1,\"payload\":{\"metadata\":{\"protocol\":\"smtp\"}}}"))
        .hasMessage(PATH + ": payload.metadata.protocol: 'smtp'"
            + " (expected one of: HTTP, HTTP2, GRPC, TCP, TLS)");
    assertThatThrownBy(() -> parse(
            "{\"address\":\"a\",\"port\":1,\"payload\":{\"metadata\":[1]}}"))
        .hasMessage(PATH + ": payload.metadata: [1] (expected: an object of strings)");
  }
}
