package io.meshbridge.registry.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

  private static List<String> problems(String yaml) {
    InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> parse(yaml));
    assertThat(e).as("expected an invalid file").isNotNull();
    return e.problems();
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

  @Test
  void numberThatIsNotANumber() {
    assertThat(problems(
            """
            services:
              - name: hello
                namespace: default
                labels: {app: hello}
                ports:
                  - name: http
                    number: abc
            """))
        .containsExactly(
            "hello.yaml:7:17: services[0].ports[0].number: 'abc' is not a number"
                + " (expected: 1..65535)");
  }

  @Test
  void unknownFieldPointsAtTheKey() {
    assertThat(problems(
            """
            services:
              - name: hello
                namespace: default
                prots:
                  - name: http
                    number: 80
            """))
        .containsExactly(
            "hello.yaml:4:5: services[0].prots: unknown field"
                + " (known: name, namespace, hostnames, labels, ports, endpoints)");
  }

  @Test
  void unknownFieldsAtEveryLevel() {
    assertThat(problems("service: []\n"))
        .containsExactly("hello.yaml:1:1: service: unknown field (known: services, endpoints)");
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80, proto: TCP}]
                endpoints:
                  - address: 10.0.0.1
                    locality: {region: r, zon: z}
            """))
        .containsExactly(
            "hello.yaml:3:38: services[0].ports[0].proto: unknown field"
                + " (known: name, number, protocol)");
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
                endpoints:
                  - address: 10.0.0.1
                    locality: {region: r, zon: z}
            """))
        .containsExactly(
            "hello.yaml:6:31: services[0].endpoints[0].locality.zon: unknown field"
                + " (known: region, zone, subZone)");
  }

  @Test
  void yamlSyntaxErrorsGiveLineAndColumn() {
    assertThat(problems(
            """
            services:
              - name: hello
               ports: []
            """))
        .containsExactly(
            "hello.yaml:3:4: invalid YAML: expected <block end>, but found '<block mapping start>'"
                + " (while parsing a block collection)");
    assertThat(problems("services: [a, b\nendpoints: []\n"))
        .singleElement().asString().startsWith("hello.yaml:2:10: invalid YAML: ");
  }

  @Test
  void wrongTypes() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports: {http: 80}
            """))
        .containsExactly(
            "hello.yaml:3:12: services[0].ports: found a mapping"
                + " (expected: a list of ports, at least one)");
    assertThat(problems(
            """
            services:
              - name: [hello]
                labels: [a]
                ports: [{name: http, number: 80}]
            """))
        .containsExactly(
            "hello.yaml:2:11: services[0].name: found a list (expected: a DNS label, e.g. 'orders')");
    assertThat(problems("services: hello\n"))
        .containsExactly("hello.yaml:1:11: services: found 'hello' (expected: a list)");
    assertThat(problems("- hello\n"))
        .containsExactly(
            "hello.yaml:1:1: found a list (expected: a mapping of services and endpoints)");
  }

  @Test
  void missingRequiredFieldsPointAtTheirMapping() {
    assertThat(problems(
            """
            services:
              - namespace: shop
                ports: [{name: http, number: 80}]
              - name: other
            """))
        .containsExactly(
            "hello.yaml:2:5: services[0].name: missing (expected: a DNS label, e.g. 'orders')",
            "hello.yaml:4:5: services[1].ports: missing (expected: a list of ports, at least one)");
    assertThat(problems(
            """
            services:
              - name:
                ports: [{name: http, number: 80}]
            """))
        .containsExactly(
            "hello.yaml:2:10: services[0].name: found nothing"
                + " (expected: a DNS label, e.g. 'orders')");
  }

  @Test
  void portsOutOfRange() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports:
                  - name: http
                    number: 70000
                  - name: admin
                    number: 99999999999
            """))
        .containsExactly(
            "hello.yaml:5:17: services[0].ports[0].number: 70000 (expected: 1..65535)");
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: admin, number: 99999999999}]
            """))
        .containsExactly(
            "hello.yaml:3:35: services[0].ports[0].number: 99999999999 is out of range"
                + " (expected: 1..65535)");
    assertThat(problems(
            """
            endpoints:
              - service: shop/orders
                address: 10.0.0.7
                ports: {http: 0}
            """))
        .containsExactly(
            "hello.yaml:4:19: endpoints[0].ports.http: 0 (expected: 1..65535)");
  }

  @Test
  void badProtocolAndHealth() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80, protocol: SPDY}]
                endpoints:
                  - address: 10.0.0.1
            """))
        .containsExactly(
            "hello.yaml:3:48: services[0].ports[0].protocol: 'SPDY' is not a protocol"
                + " (expected one of: HTTP, HTTP2, GRPC, TCP, TLS)");
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
                endpoints:
                  - address: 10.0.0.1
                    health: SICK
            """))
        .containsExactly(
            "hello.yaml:6:17: services[0].endpoints[0].health: 'SICK' is not a health status"
                + " (expected one of: HEALTHY, UNHEALTHY, DRAINING, UNKNOWN)");
  }

  @Test
  void modelValidationErrorsArePrefixedWithFileLineAndPath() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports:
                  - name: http
                    number: 80
                  - name: http
                    number: 81
            """))
        .containsExactly(
            "hello.yaml:2:5: services[0]: service default/hello: ports: name 'http' appears twice");
    assertThat(problems(
            """
            services:
              - name: Hello_1
                ports: [{name: http, number: 80}]
            """))
        .containsExactly(
            "hello.yaml:2:11: services[0].name: 'Hello_1'"
                + " (expected: a lowercase DNS label, e.g. 'orders')");
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
                endpoints:
                  - address: 10.0.0.1
                    weight: 0
            """))
        .containsExactly(
            "hello.yaml:6:17: services[0].endpoints[0].weight: 0 (expected: 1..1000)");
  }

  @Test
  void topLevelEndpointsNeedAServiceKey() {
    assertThat(problems(
            """
            endpoints:
              - service: orders
                address: 10.0.0.7
              - service: shop/Orders
                address: 10.0.0.8
              - address: 10.0.0.9
            """))
        .containsExactly(
            "hello.yaml:2:14: endpoints[0].service: 'orders' is not a service key"
                + " (expected: namespace/name, e.g. shop/orders)",
            "hello.yaml:4:14: endpoints[1].service: 'shop/Orders' is not a service key:"
                + " name: 'Orders' (expected: a lowercase DNS label, e.g. 'orders')",
            "hello.yaml:6:5: endpoints[2].service: missing"
                + " (expected: namespace/name, e.g. shop/orders)");
  }

  @Test
  void nestedEndpointPortsMustNameServicePorts() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
                endpoints:
                  - address: 10.0.0.1
                    ports: {htp: 8080}
            """))
        .containsExactly(
            "hello.yaml:6:17: services[0].endpoints[0].ports.htp: unknown port (known: http)");
  }

  @Test
  void duplicatesAreErrors() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
                name: again
            """))
        .containsExactly("hello.yaml:4:5: services[0].name: duplicate key (first at 2:5)");
    assertThat(problems(
            """
            services:
              - name: hello
                ports: [{name: http, number: 80}]
              - name: hello
                namespace: default
                ports: [{name: http, number: 81}]
            """))
        .containsExactly(
            "hello.yaml:4:5: services[1]: service default/hello is already defined by"
                + " services[0] (2:5)");
  }

  @Test
  void aliasesAndSecondDocumentsAreRejected() {
    assertThat(problems(
            """
            services:
              - name: hello
                ports: &ports [{name: http, number: 80}]
              - name: other
                ports: *ports
            """))
        .containsExactly(
            "hello.yaml:5:12: services[1].ports: alias '*ports' is not supported"
                + " (expected: the value written out)");
    assertThat(problems("services: []\n---\nendpoints: []\n"))
        .containsExactly(
            "hello.yaml:3:1: a second YAML document (expected: one document per file)");
  }

  @Test
  void reportsOneProblemPerBadItemAndKeepsReading() {
    assertThat(problems(
            """
            services:
              - name: a
                ports: [{name: http, number: x}]
              - name: b
                ports: [{name: http, number: 80}]
              - name: c
                ports: [{name: http, number: y}]
            endpoints:
              - service: default/a
                address: ""
            """))
        .containsExactly(
            "hello.yaml:3:34: services[0].ports[0].number: 'x' is not a number"
                + " (expected: 1..65535)",
            "hello.yaml:7:34: services[2].ports[0].number: 'y' is not a number"
                + " (expected: 1..65535)",
            "hello.yaml:10:14: endpoints[0].address: ''"
                + " (expected: an IP address or host name)");
  }
}
