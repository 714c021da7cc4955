package io.meshbridge.pilot.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Resolution;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.testing.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One service that two registries resolve differently (e.g. a DNS ServiceEntry and a file). */
class ResolutionMergeTest {

  @Test
  void endpointsOfARegistryThatResolvesTheServiceOtherwiseAreLeftOutAndReported() {
    Service files = Models.service("shop", "api", Models.http(80));
    Service dns =
        new Service(files.key(), List.of("api.example.com"), files.ports(), Map.of(), Resolution.DNS);
    RegistrySnapshot a =
        new RegistrySnapshot(
            "files", 1, List.of(files), List.of(Models.endpoint(files, "10.0.0.1", "files")),
            false, List.of());
    RegistrySnapshot b =
        new RegistrySnapshot(
            "istio-config", 1, List.of(dns),
            List.of(Models.endpoint(dns, "api.example.com", "istio-config")), false, List.of());

    AggregateResult result = Aggregator.aggregate(List.of(a, b));

    assertThat(result.model().services().get(files.key()).resolution())
        .isEqualTo(Resolution.STATIC);
    assertThat(result.model().endpointsOf(files.key()))
        .extracting(Endpoint::address)
        .containsExactly("10.0.0.1");
    assertThat(result.problems())
        .containsExactly(
            "service shop/api: registry 'istio-config' resolves its endpoints by DNS but registry"
                + " 'files', which takes precedence, by STATIC; the endpoints of 'istio-config'"
                + " are left out");
  }
}
