package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdsStatusTest {

  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void versionsPerTypeAndTheMostRecentNackOfAnyType() {
    TypeDump clusters = new TypeDump(ResourceType.CDS, "c7", List.of(), Map.of(),
        new Nack("c6", "n1", T, "Cluster a: lb_policy: MAGLEV"));
    TypeDump listeners = new TypeDump(ResourceType.LDS, "l3", List.of(), Map.of(),
        new Nack("l4", "n2", T.plusSeconds(5), "Listener b: address: missing"));
    TypeDump routes = new TypeDump(ResourceType.RDS, "", List.of(), Map.of(), null);

    XdsStatus status = XdsStatus.of(true, false, List.of(clusters, listeners, routes), false);

    assertThat(status.connected()).isTrue();
    assertThat(status.ready()).isFalse();
    assertThat(status.version("CDS")).isEqualTo("c7");
    assertThat(status.version("LDS")).isEqualTo("l3");
    assertThat(status.version("RDS")).isEmpty();
    assertThat(status.version("EDS")).as("a type not in the dump").isEmpty();
    assertThat(status.lastNack()).isEqualTo(new XdsStatus.LastNack(
        "LDS", "l4", T.plusSeconds(5), "Listener b: address: missing"));
  }

  @Test
  void noNackBeforeAnyRejection() {
    TypeDump clusters = new TypeDump(ResourceType.CDS, "c1", List.of(), Map.of(), null);
    assertThat(XdsStatus.of(false, true, List.of(clusters), false).lastNack()).isNull();
  }
}
