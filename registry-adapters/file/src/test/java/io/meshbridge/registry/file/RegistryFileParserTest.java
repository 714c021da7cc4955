package io.meshbridge.registry.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.registry.file.ParsedFile.ServiceDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryFileParserTest {

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  private static ParsedFile parse(String yaml) {
    return RegistryFileParser.parse("hello.yaml", yaml.getBytes(StandardCharsets.UTF_8), "files");
  }

  @Test
  void readsEveryFieldOfAFullFile() {
    ParsedFile file =
        parse(
            """
            services:
              - name: hello
                namespace: shop
                hostnames: [hello.example.com, hello]
                labels: {app: hello, tier: 1}
                ports:
                  - name: http
                    number: 18080
                  - name: api
                    number: 19090
                    protocol: grpc
                endpoints:
                  - address: 127.0.0.1
                    ports: {http: 18081}
                    labels: {version: v1}
                    health: draining
                    locality: {region: eu-west-1, zone: eu-west-1a, subZone: ""}
                    weight: 7
                  - address: 10.0.0.2
            endpoints:
              - service: shop/orders
                address: 10.0.0.7
                ports: {http: 8080}
            """);

    ServiceKey key = ServiceKey.of("shop", "hello");
    ServicePort http = new ServicePort("http", 18080, Protocol.HTTP);
    assertThat(file.services()).extracting(ServiceDefinition::service).containsExactly(
        new Service(
            key,
            List.of("hello.example.com", "hello"),
            List.of(http, new ServicePort("api", 19090, Protocol.GRPC)),
            Map.of("app", "hello", "tier", "1")));
    ServiceDefinition hello = file.services().get(0);
    assertThat(hello.origin()).isEqualTo("hello.yaml:2:5: services[0]");
    assertThat(hello.endpoints()).containsExactly(
        new Endpoint(key, "127.0.0.1", Map.of("http", 18081), Map.of("version", "v1"),
            HealthStatus.DRAINING, new Locality("eu-west-1", "eu-west-1a", ""), 7, "files"),
        new Endpoint(key, "10.0.0.2", Map.of(), Map.of(), HealthStatus.HEALTHY,
            Locality.UNKNOWN, 1, "files"));
    assertThat(hello.endpoints().get(1).targetPort(http)).isEqualTo(18080);
    assertThat(file.endpoints()).containsExactly(
        new Endpoint(ServiceKey.of("shop", "orders"), "10.0.0.7", Map.of("http", 8080), Map.of(),
            HealthStatus.HEALTHY, Locality.UNKNOWN, 1, "files"));
  }

  @Test
  void appliesDefaults() {
    ParsedFile file =
        parse(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
            """);
    assertThat(file.services()).extracting(ServiceDefinition::service).containsExactly(
        new Service(HELLO, List.of(), List.of(new ServicePort("http", 80, Protocol.HTTP)),
            Map.of()));
    assertThat(file.endpoints()).isEmpty();
  }

  @Test
  void emptyOrCommentOnlyFilesContributeNothing() {
    assertThat(parse("")).isEqualTo(ParsedFile.EMPTY);
    assertThat(parse("# nothing yet\n")).isEqualTo(ParsedFile.EMPTY);
    assertThat(parse("services: []\n")).isEqualTo(ParsedFile.EMPTY);
  }
}
