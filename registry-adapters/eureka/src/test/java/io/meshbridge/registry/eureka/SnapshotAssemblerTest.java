package io.meshbridge.registry.eureka;

import static io.meshbridge.registry.eureka.Payloads.instance;
import static io.meshbridge.registry.eureka.Payloads.withMetadata;
import static io.meshbridge.registry.eureka.Payloads.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.registry.eureka.SnapshotAssembler.Contents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotAssemblerTest {

  private static final ServiceKey ORDERS = ServiceKey.of("shop", "orders");

  private static Contents assemble(ObjectNode... instances) {
    return SnapshotAssembler.assemble(
        ApplicationsJson.parse(Payloads.applications("", List.of(instances))).instances(),
        "shop",
        "eureka");
  }

  @Test
  void aVipAddressIsAServiceAndOnlyUpInstancesAreHealthy() {
    Contents contents =
        assemble(
            withMetadata(
                instance("ORDERS", "o-1", "10.0.0.1", 8080),
                Map.of("zone", "zone-a", "version", "v1")),
            withStatus(instance("ORDERS", "o-2", "10.0.0.2", 8080), "STARTING"),
            withStatus(instance("ORDERS", "o-3", "10.0.0.3", 8080), "OUT_OF_SERVICE"),
            withStatus(instance("ORDERS", "o-4", "10.0.0.4", 8080), "DOWN"),
            withStatus(instance("ORDERS", "o-5", "10.0.0.5", 8080), "UNKNOWN"));

    assertThat(contents.problems()).isEmpty();
    assertThat(contents.services())
        .containsExactly(
            new Service(
                ORDERS,
                List.of(),
                List.of(new ServicePort("http", 8080, Protocol.HTTP)),
                Map.of()));
    assertThat(contents.endpoints().get(0))
        .isEqualTo(
            new Endpoint(
                ORDERS,
                "10.0.0.1",
                Map.of("http", 8080),
                Map.of("zone", "zone-a", "version", "v1"),
                HealthStatus.HEALTHY,
                new Locality("", "zone-a", ""),
                1,
                "eureka"));
    assertThat(contents.endpoints())
        .extracting(Endpoint::health)
        .containsExactly(
            HealthStatus.HEALTHY,
            HealthStatus.UNHEALTHY,
            HealthStatus.UNHEALTHY,
            HealthStatus.UNHEALTHY,
            HealthStatus.UNHEALTHY);
  }

  @Test
  void servicePortIsWhatMostInstancesAskForAndEachEndpointKeepsItsOwnPort() {
    Contents contents =
        assemble(
            instance("ORDERS", "o-1", "10.0.0.1", 9001),
            withMetadata(
                instance("ORDERS", "o-2", "10.0.0.2", 9002),
                Map.of("meshbridge.servicePort", "8080", "protocol", "grpc")),
            withMetadata(
                instance("ORDERS", "o-3", "10.0.0.3", 9003),
                Map.of("meshbridge.servicePort", "8080", "protocol", "GRPC")));

    assertThat(contents.services().get(0).ports())
        .containsExactly(new ServicePort("grpc", 8080, Protocol.GRPC));
    assertThat(contents.endpoints())
        .extracting(Endpoint::ports)
        .containsExactly(Map.of("grpc", 9001), Map.of("grpc", 9002), Map.of("grpc", 9003));
    assertThat(contents.problems())
        .containsExactly(
            "service shop/orders: instances disagree on metadata.protocol {HTTP=1, GRPC=2};"
                + " using GRPC");
  }

  @Test
  void securePortIsHttpsWithTlsAndOnlyPortsEveryInstanceEnablesArePublished() {
    ObjectNode both = instance("ORDERS", "o-1", "10.0.0.1", 8080);
    both.putObject("securePort").put("$", 8443).put("@enabled", "true");
    ObjectNode secureOnly = instance("ORDERS", "o-2", "10.0.0.2", 8080);
    secureOnly.putObject("port").put("$", 8080).put("@enabled", "false");
    secureOnly.putObject("securePort").put("$", 8443).put("@enabled", true);

    Contents contents = assemble(both, secureOnly);

    assertThat(contents.services().get(0).ports())
        .containsExactly(new ServicePort("https", 8443, Protocol.TLS));
    assertThat(contents.endpoints())
        .extracting(Endpoint::ports)
        .containsExactly(Map.of("https", 8443), Map.of("https", 8443));
    assertThat(contents.problems())
        .containsExactly(
            "app ORDERS instance o-1: port 8080 not published: not every instance of service"
                + " shop/orders enables it (expected: the same enabled ports on every instance)");
  }

  @Test
  void badInstancesAreSkippedAndNamedWhileTheRestFlows() {
    ObjectNode noPort = instance("ORDERS", "no-port", "10.0.0.2", 8080);
    noPort.remove("port");
    noPort.remove("securePort");
    ObjectNode disabled = instance("ORDERS", "disabled", "10.0.0.3", 8080);
    disabled.putObject("port").put("$", 0).put("@enabled", "false");
    ObjectNode zeroPort = instance("ORDERS", "zero", "10.0.0.4", 0);
    ObjectNode textPort = instance("ORDERS", "text", "10.0.0.5", 1);
    textPort.putObject("port").put("$", "http").put("@enabled", "true");

    Contents contents =
        assemble(
            instance("ORDERS", "good", "10.0.0.1", 8080),
            noPort,
            disabled,
            zeroPort,
            textPort,
            instance("ORDERS", "bad-ip", "999.1.1.1", 8080),
            instance("ORDERS", "host-ip", "orders.example.com", 8080),
            withMetadata(
                instance("ORDERS", "bad-protocol", "10.0.0.6", 8080), Map.of("protocol", "smtp")),
            withMetadata(
                instance("ORDERS", "bad-service-port", "10.0.0.7", 8080),
                Map.of("meshbridge.servicePort", "99999")),
            instance("_", "no-name", "10.0.0.8", 8080).put("vipAddress", "--"));

    assertThat(contents.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1");
    assertThat(contents.problems())
        .containsExactlyInAnyOrder(
            "app ORDERS instance no-port: port: missing, securePort: missing"
                + " (expected: at least one enabled port); instance skipped",
            "app ORDERS instance disabled: port: disabled, securePort: disabled"
                + " (expected: at least one enabled port); instance skipped",
            "app ORDERS instance zero: port.$: '0' (expected: 1..65535); instance skipped",
            "app ORDERS instance text: port.$: 'http' (expected: 1..65535); instance skipped",
            "app ORDERS instance bad-ip: ipAddr: '999.1.1.1' (expected: an IPv4 or IPv6 address);"
                + " instance skipped",
            "app ORDERS instance host-ip: ipAddr: 'orders.example.com' (expected: an IPv4 or IPv6"
                + " address); instance skipped",
            "app ORDERS instance bad-protocol: metadata.protocol: 'smtp' (expected one of: HTTP,"
                + " HTTP2, GRPC, TCP, TLS); instance skipped",
            "app ORDERS instance bad-service-port: metadata.meshbridge.servicePort: '99999'"
                + " (expected: 1..65535); instance skipped",
            "app _ instance no-name: vipAddress: '--' and app: '_' give no service name"
                + " (expected: letters or digits); instance skipped");
  }

  @Test
  void localityComesFromMetadataOrTheAmazonDataCenter() {
    ObjectNode amazon = instance("ORDERS", "o-1", "10.0.0.1", 8080);
    amazon
        .putObject("dataCenterInfo")
        .put("name", "Amazon")
        .putObject("metadata")
        .put("availability-zone", "us-east-1a");
    ObjectNode ipv6 =
        withMetadata(
            instance("ORDERS", "o-2", "fd00::2", 8080), Map.of("zone", "z1", "region", "r1"));

    assertThat(assemble(amazon, ipv6).endpoints())
        .extracting(Endpoint::address, Endpoint::locality)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "10.0.0.1", new Locality("us-east-1", "us-east-1a", "")),
            org.assertj.core.groups.Tuple.tuple("fd00::2", new Locality("r1", "z1", "")));
  }
}
