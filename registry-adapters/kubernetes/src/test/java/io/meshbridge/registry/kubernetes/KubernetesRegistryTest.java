package io.meshbridge.registry.kubernetes;

import static io.meshbridge.registry.kubernetes.K8s.endpoint;
import static io.meshbridge.registry.kubernetes.K8s.port;
import static io.meshbridge.registry.kubernetes.K8s.slicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.model.RegistrySnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's threading and lifecycle over a fake informer source. */
class KubernetesRegistryTest {

  private final FakeClusterSource source = new FakeClusterSource();
  private final KubernetesRegistry registry =
      new KubernetesRegistry(
          KubernetesRegistryConfig.of("k8s").withStaleAfter(Duration.ofMillis(50)),
          source,
          null,
          System::nanoTime);
  private final Snapshots snapshots = new Snapshots();

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void eventsFromInformerThreadsArePublishedAndOutagesMarkTheContentStale() {
    registry.start(snapshots);
    source.sink().upsert(K8s.service("shop", "web", Map.of(), port("http", 80, null)));
    source
        .sink()
        .upsert(
            K8s.slice(
                "shop",
                "web-1",
                "web",
                List.of(slicePort("http", 8080)),
                endpoint("10.0.0.1", null, null, null)));
    source.listAll();
    RegistrySnapshot first = snapshots.await(s -> s.endpoints().size() == 1);
    assertThat(first.version()).isEqualTo(1);

    source.disconnect("services");
    RegistrySnapshot stale = snapshots.await(RegistrySnapshot::stale);
    assertThat(stale.endpoints()).isEqualTo(first.endpoints());

    source.reconnect();
    RegistrySnapshot fresh = snapshots.await(s -> !s.stale());
    assertThat(fresh.endpoints()).isEqualTo(first.endpoints());
    assertThat(snapshots.all()).extracting(RegistrySnapshot::version).containsExactly(1L, 2L, 3L);
  }

  @Test
  void lifecycle() {
    assertThat(registry.id()).isEqualTo("k8s");
    registry.start(snapshots);
    assertThatThrownBy(() -> registry.start(snapshots))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("kubernetes registry k8s: already started");

    registry.close();
    registry.close();
    assertThat(source.closed).isTrue();
    source.listAll(); // late events after close are dropped
    assertThat(snapshots.all()).isEmpty();
    assertThatThrownBy(() -> registry.start(snapshots))
        .hasMessage("kubernetes registry k8s: already closed");
  }
}
