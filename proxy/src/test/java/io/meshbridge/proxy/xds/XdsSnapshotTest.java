package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.XdsResources.cluster;
import static io.meshbridge.proxy.xds.XdsResources.endpoints;
import static io.meshbridge.proxy.xds.XdsResources.listener;
import static io.meshbridge.proxy.xds.XdsResources.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsSnapshotTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void roundTripsThroughBytesAndPreloadsWhole() {
    XdsSnapshot snapshot = complete();
    XdsSnapshot read = XdsSnapshot.parse("last-config", snapshot.toBytes());

    assertThat(read).isEqualTo(snapshot);
    assertThat(read.versions()).containsEntry("LDS", "7").containsEntry("CDS", "7")
        .containsEntry("RDS", "7").containsEntry("EDS", "7");
    XdsState state = SnapshotPreload.load(read, NOW);
    assertThat(state.initialFetchDone()).isTrue();
    assertThat(state.assemble().endpointsOf("c")).extracting(e -> e.host())
        .containsExactly("10.1.1.1");
    assertThat(state.listeners.resourceVersions()).containsEntry("l", "v-l");
    assertThat(state.listeners.version()).isEqualTo("7");
  }

  @Test
  void badBytesAreErrorsNamingTheSourceAndField() {
    byte[] good = complete().toBytes();
    assertThatThrownBy(() -> XdsSnapshot.parse("last-config", "{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("last-config: header: missing");
    assertThatThrownBy(() -> XdsSnapshot.parse("last-config", Arrays.copyOf(good, good.length - 3)))
        .hasMessageStartingWith("last-config: responses[")
        .hasMessageContaining("not a DeltaDiscoveryResponse");
    assertThatThrownBy(() -> parse(response("type.googleapis.com/x.Y", "1")))
        .hasMessage("f: responses[0].type_url: 'type.googleapis.com/x.Y' (expected: a type this"
            + " proxy subscribes to)");
    assertThatThrownBy(() -> parse(response(ResourceType.LDS.typeUrl(), "1",
        resource("", listener("l", 80, "r")))))
        .hasMessage("f: responses[0].resources[0].name: missing");
    assertThatThrownBy(() -> parse(response(ResourceType.LDS.typeUrl(), "1",
        resource("c", cluster("c", 1)))))
        .hasMessageStartingWith("f: responses[0].resources[0].resource.type_url: "
            + "'type.googleapis.com/envoy.config.cluster.v3.Cluster'");
    assertThatThrownBy(() -> parse(response(ResourceType.LDS.typeUrl(), "1",
        resource("other", listener("l", 80, "r")))))
        .hasMessage("f: responses[0].resources[0].resource: named 'l' (expected: 'other')");
    assertThatThrownBy(() -> parse(response(ResourceType.LDS.typeUrl(), "1")))
        .hasMessageStartingWith("f: responses: no CDS");
  }

  @Test
  void aBadResourceOrAMissingReferenceRejectsTheWholeSnapshot() {
    XdsSnapshot badCluster = new XdsSnapshot(List.of(
        response(ResourceType.CDS.typeUrl(), "7", resource("c",
            cluster("c", 1).toBuilder().setType(Cluster.DiscoveryType.STATIC).build())),
        response(ResourceType.LDS.typeUrl(), "7")));
    assertThatThrownBy(() -> SnapshotPreload.load(badCluster, NOW))
        .hasMessageStartingWith("CDS 7: ");

    XdsSnapshot noEndpoints = new XdsSnapshot(List.of(
        response(ResourceType.CDS.typeUrl(), "7", resource("c", cluster("c", 1))),
        response(ResourceType.LDS.typeUrl(), "7")));
    assertThatThrownBy(() -> SnapshotPreload.load(noEndpoints, NOW))
        .hasMessage("EDS: missing [c] (referenced by the accepted resources)");
  }

  private static XdsSnapshot parse(DeltaDiscoveryResponse... responses) {
    return XdsSnapshot.parse("f", new XdsSnapshot(List.of(responses)).toBytes());
  }

  static XdsSnapshot complete() {
    return new XdsSnapshot(List.of(
        response(ResourceType.CDS.typeUrl(), "7", resource("c", cluster("c", 1))),
        response(ResourceType.EDS.typeUrl(), "7", resource("c", endpoints("c", "10.1.1.1"))),
        response(ResourceType.LDS.typeUrl(), "7", resource("l", listener("l", 18080, "r"))
            .toBuilder().setVersion("v-l").build()),
        response(ResourceType.RDS.typeUrl(), "7", resource("r", route("r", "c.mesh", "c"))),
        response(ResourceType.SDS.typeUrl(), "7")));
  }

  static DeltaDiscoveryResponse response(String typeUrl, String version, Resource... resources) {
    return DeltaDiscoveryResponse.newBuilder().setTypeUrl(typeUrl).setSystemVersionInfo(version)
        .addAllResources(List.of(resources)).build();
  }

  static Resource resource(String name, Message message) {
    return Resource.newBuilder().setName(name).setVersion("v-" + name)
        .setResource(Any.pack(message)).build();
  }
}
