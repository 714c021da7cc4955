package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstancePayloadTest {

  private static final EurekaRegistrarConfig CONFIG =
      EurekaRegistrarConfig.of(List.of(URI.create("http://e:8761/eureka/")))
          .withLease(Duration.ofSeconds(10), Duration.ofSeconds(30));

  private static WorkloadInstance workload(
      String address, List<ServicePort> ports, Map<String, String> labels) {
    return new WorkloadInstance(
        ServiceKey.of("shop", "orders"),
        "vm-1",
        address,
        ports,
        labels,
        new Locality("eu-west-1", "eu-west-1a", "rack-7"));
  }

  @Test
  void writesTheInstanceAsEurekaClientsDo() throws Exception {
    String json =
        InstancePayload.json(
            workload(
                "10.0.0.7",
                List.of(
                    new ServicePort("grpc", 9090, Protocol.GRPC),
                    new ServicePort("tls", 9443, Protocol.TLS)),
                Map.of("version", "v1")),
            "STARTING",
            CONFIG);

    JsonNode i = ApplicationsJson.MAPPER.readTree(json).get("instance");
    assertThat(i.get("instanceId").asText()).isEqualTo("vm-1");
    assertThat(i.get("app").asText()).isEqualTo("ORDERS");
    assertThat(i.get("hostName").asText()).isEqualTo("10.0.0.7");
    assertThat(i.get("ipAddr").asText()).isEqualTo("10.0.0.7");
    assertThat(i.get("vipAddress").asText()).isEqualTo("orders");
    assertThat(i.get("status").asText()).isEqualTo("STARTING");
    assertThat(i.get("port").toString()).isEqualTo("{\"$\":9090,\"@enabled\":\"true\"}");
    assertThat(i.get("securePort").toString()).isEqualTo("{\"$\":9443,\"@enabled\":\"true\"}");
    assertThat(i.get("dataCenterInfo").get("name").asText()).isEqualTo("MyOwn");
    assertThat(i.get("leaseInfo").toString())
        .isEqualTo("{\"renewalIntervalInSecs\":10,\"durationInSecs\":30}");
    assertThat(i.get("metadata").toString())
        .isEqualTo(
            "{\"protocol\":\"GRPC\",\"region\":\"eu-west-1\",\"version\":\"v1\",\"zone\":\"eu-west-1a\"}");
  }

  @Test
  void writesAPrefixedLabelKeyWithItsSlashAsTwoUnderscores() throws Exception {
    String json =
        InstancePayload.json(
            workload(
                "10.0.0.7",
                List.of(new ServicePort("http", 8080, Protocol.HTTP)),
                Map.of("security.istio.io/tlsMode", "istio")),
            "UP",
            CONFIG);

    JsonNode metadata = ApplicationsJson.MAPPER.readTree(json).get("instance").get("metadata");
    assertThat(metadata.get("security.istio.io__tlsMode").asText()).isEqualTo("istio");
  }

  @Test
  void whatEurekaCannotHoldIsRejectedNamingTheField() {
    ServicePort http = new ServicePort("http", 8080, Protocol.HTTP);
    assertThatThrownBy(
            () ->
                InstancePayload.json(
                    workload("vm-1.example.com", List.of(http), Map.of()), "UP", CONFIG))
        .hasMessage(
            "address: 'vm-1.example.com' (expected: an IP address, which Eureka's"
                + " ipAddr must be)");
    assertThatThrownBy(
            () ->
                InstancePayload.json(
                    workload(
                        "10.0.0.7",
                        List.of(http, new ServicePort("admin", 8081, Protocol.HTTP)),
                        Map.of()),
                    "UP",
                    CONFIG))
        .hasMessageStartingWith("ports: ")
        .hasMessageEndingWith(
            "(expected: at most one non-TLS port and one TLS port, Eureka's"
                + " port and securePort)");
    assertThatThrownBy(
            () ->
                InstancePayload.json(
                    workload("10.0.0.7", List.of(http), Map.of("app/tier", "web")), "UP", CONFIG))
        .hasMessageStartingWith(
            "labels: key 'app/tier' (expected: an XML name, e.g. version or team.name,"
                + " as Eureka metadata keys are, or <dns.prefix>/<name>");
    assertThatThrownBy(
            () ->
                InstancePayload.json(
                    workload("10.0.0.7", List.of(http), Map.of("zone", "other")), "UP", CONFIG))
        .hasMessage(
            "labels: zone: 'other' contradicts 'eu-west-1a' from the instance's locality"
                + " (expected: the same value, or no such label)");
  }
}
