package io.meshbridge.registry.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of error, with its exact {@code file:line:column: path: message}. */
class RegistryFileParserErrorsTest {

  private static List<String> problems(String yaml) {
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class,
            () ->
                RegistryFileParser.parse(
                    "hello.yaml", yaml.getBytes(StandardCharsets.UTF_8), "files"));
    assertThat(e).as("expected an invalid file").isNotNull();
    return e.problems();
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

  @Test
  void blankHostNamesAndValuesOfTheWrongShape() {
    assertThat(problems(
            """
            services:
              - name: hello
                hostnames: [ok.example.com, ""]
                ports: [{name: http, number: 80}]
              - name: labelled
                labels: [a]
                ports: [{name: http, number: 80}]
              - name: tcp
                ports: [{name: http, number: 80, protocol: [TCP]}]
            """))
        .containsExactly(
            "hello.yaml:3:33: services[0].hostnames[1]: '' (expected: a host name)",
            "hello.yaml:6:13: services[1].labels: found a list"
                + " (expected: a mapping of label names to values)",
            "hello.yaml:9:48: services[2].ports[0].protocol: found a list (expected: a protocol)");
  }
}
