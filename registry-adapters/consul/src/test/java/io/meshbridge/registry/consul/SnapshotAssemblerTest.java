package io.meshbridge.registry.consul;

import static io.meshbridge.registry.consul.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.registry.consul.SnapshotAssembler.Contents;
import io.meshbridge.registry.consul.SnapshotAssembler.Observed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.model.health.ServiceHealth;

class SnapshotAssemblerTest {

  private static final ServiceKey WEB = ServiceKey.of("default", "web");

  private static Contents assemble(
      Map<ServiceKey, ServicePort> previous, ServiceHealth... entries) {
    return SnapshotAssembler.assemble(
        "default",
        "consul",
        Protocol.HTTP,
        List.of(new Observed("dc1", "web", List.of(entries))),
        previous);
  }

  @Test
  void theServicePortIsTheMostCommonInstancePortAndEachEndpointKeepsItsOwn() {
    Contents c =
        assemble(
            Map.of(),
            entry("a", "web", "10.0.0.1", 8081),
            entry("b", "web", "10.0.0.2", 8080),
            entry("c", "web", "10.0.0.3", 8081));

    assertThat(c.services().get(0).ports())
        .containsExactly(new ServicePort("http", 8081, Protocol.HTTP));
    assertThat(c.endpoints())
        .extracting(Endpoint::ports)
        .containsExactly(Map.of("http", 8081), Map.of("http", 8080), Map.of("http", 8081));
    assertThat(c.ports()).containsEntry(WEB, new ServicePort("http", 8081, Protocol.HTTP));
  }

  @Test
  void aTieKeepsThePreviousNumberElseTakesTheLowest() {
    ServiceHealth a = entry("a", "web", "10.0.0.1", 9000);
    ServiceHealth b = entry("b", "web", "10.0.0.2", 8000);

    assertThat(assemble(Map.of(), a, b).services().get(0).ports().get(0).number()).isEqualTo(8000);
    assertThat(
            assemble(Map.of(WEB, new ServicePort("http", 9000, Protocol.HTTP)), a, b)
                .services()
                .get(0)
                .ports()
                .get(0)
                .number())
        .isEqualTo(9000);
    assertThat(
            assemble(Map.of(WEB, new ServicePort("http", 7000, Protocol.HTTP)), a, b)
                .services()
                .get(0)
                .ports()
                .get(0)
                .number())
        .isEqualTo(8000);
  }

  @Test
  void noPassingInstanceKeepsThePreviousPortElseTheServiceIsLeftOut() {
    ServicePort previous = new ServicePort("grpc", 9090, Protocol.GRPC);
    Contents kept = assemble(Map.of(WEB, previous));
    assertThat(kept.services().get(0).ports()).containsExactly(previous);
    assertThat(kept.endpoints()).isEmpty();
    assertThat(kept.problems()).isEmpty();

    Contents unknown = assemble(Map.of());
    assertThat(unknown.services()).isEmpty();
    assertThat(unknown.problems())
        .containsExactly(
            "service default/web (Consul 'web'): no passing"
                + " instance has been seen, so its port is not known; left out until one passes");
  }

  @Test
  void theMostCommonProtocolWinsAndOthersAreNamed() {
    Map<String, String> grpc = Map.of("protocol", "GRPC");
    Contents c =
        assemble(
            Map.of(),
            entry("a", "web", "10.0.0.1", 80, List.of(), grpc, 1),
            entry("b", "web", "10.0.0.2", 80, List.of(), grpc, 1),
            entry("c", "web", "10.0.0.3", 80));

    assertThat(c.services().get(0).ports())
        .containsExactly(new ServicePort("grpc", 80, Protocol.GRPC));
    assertThat(c.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(c.problems())
        .containsExactly(
            "datacenter dc1: service web: instance c (node node-c):"
                + " Service.Meta.protocol: HTTP (expected: GRPC, the protocol of most instances of"
                + " default/web); instance left out");
  }

  @Test
  void tagsAndMetaBecomeLabelsMetaWinning() {
    Contents c =
        assemble(
            Map.of(),
            entry(
                "a",
                "web",
                "10.0.0.1",
                80,
                List.of("primary", "version=v1", "team=a=b", "=odd"),
                Map.of("version", "v2"),
                7));

    Endpoint e = c.endpoints().get(0);
    assertThat(e.labels())
        .isEqualTo(Map.of("tag.primary", "", "version", "v2", "team", "a=b", "tag.=odd", ""));
    assertThat(e.weight()).isEqualTo(7);
    assertThat(e.locality().region()).isEqualTo("dc1");
    assertThat(e.source()).isEqualTo("consul");
  }

  @Test
  void anEmptyServiceAddressMeansTheNodeAddress() {
    Contents c = assemble(Map.of(), entry("a", "web", "", 80));
    assertThat(c.endpoints().get(0).address()).isEqualTo("192.168.0.1");
  }

  @Test
  void weightsOutsideTheModelsRangeAreNamed() {
    Contents c =
        assemble(
            Map.of(),
            entry("a", "web", "10.0.0.1", 80, List.of(), Map.of(), 5000),
            entry("b", "web", "10.0.0.2", 80));
    assertThat(c.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.2");
    assertThat(c.problems())
        .singleElement()
        .asString()
        .contains("instance a (node node-a): Service.Weights.Passing: 5000 (expected: 1..1000)");
  }

  @Test
  void aNameWithNothingUsableIsNamed() {
    Contents c =
        SnapshotAssembler.assemble(
            "default",
            "consul",
            Protocol.HTTP,
            List.of(new Observed("", "___", List.of(entry("a", "___", "10.0.0.1", 80)))),
            Map.of());
    assertThat(c.services()).isEmpty();
    assertThat(c.problems())
        .containsExactly(
            "the agent's datacenter: service '___': no mesh name"
                + " can be made of it (expected: a name with letters or digits); left out");
  }
}
