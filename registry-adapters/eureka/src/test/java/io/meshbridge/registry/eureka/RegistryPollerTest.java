package io.meshbridge.registry.eureka;

import static io.meshbridge.registry.eureka.Payloads.applications;
import static io.meshbridge.registry.eureka.Payloads.instance;
import static io.meshbridge.registry.eureka.Payloads.withAction;
import static io.meshbridge.registry.eureka.Payloads.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.registry.eureka.RegistryPoller.FetchStats;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fetch cycle against recorded Eureka answers: deltas, hash mismatches, outages. */
class RegistryPollerTest {

  private static final ObjectNode A1 = instance("ORDERS", "a-1", "10.0.0.1", 8080);
  private static final ObjectNode A2 = instance("ORDERS", "a-2", "10.0.0.2", 8080);
  private static final ObjectNode B1 = instance("USERS", "b-1", "10.0.1.1", 8080);

  private final RecordedTransport transport = new RecordedTransport();
  private final List<RegistrySnapshot> published = new ArrayList<>();
  private final RegistryPoller poller =
      new RegistryPoller(
          EurekaRegistryConfig.of("eureka", List.of(URI.create("http://eureka.test:8761/eureka/"))),
          transport,
          published::add);

  private static List<String> addresses(RegistrySnapshot snapshot) {
    return snapshot.endpoints().stream().map(Endpoint::address).toList();
  }

  @Test
  void aFullFetchThenDeltasThatMatchTheHashCode() {
    transport
        .answer("apps/", 200, applications("UP_2_", List.of(A1, B1)))
        .answer("apps/delta", 200, applications("UP_3_", List.of(withAction(A2, "ADDED"))))
        .answer(
            "apps/delta",
            200,
            applications(
                "DOWN_1_UP_1_",
                List.of(withAction(withStatus(A1, "DOWN"), "MODIFIED"), withAction(A2, "DELETED"))))
        .answer("apps/delta", 200, applications("DOWN_1_UP_1_", List.of()));

    poller.poll();
    poller.poll();
    poller.poll();
    poller.poll();

    assertThat(transport.requests())
        .containsExactly("apps/", "apps/delta", "apps/delta", "apps/delta");
    assertThat(poller.stats()).isEqualTo(new FetchStats(1, 3, 0));
    assertThat(published).extracting(RegistrySnapshot::version).containsExactly(1L, 2L, 3L);
    assertThat(addresses(published.get(0))).containsExactly("10.0.0.1", "10.0.1.1");
    assertThat(addresses(published.get(1))).containsExactly("10.0.0.1", "10.0.0.2", "10.0.1.1");
    assertThat(published.get(2).endpoints())
        .extracting(Endpoint::address, Endpoint::health)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.0.0.1", HealthStatus.UNHEALTHY),
            org.assertj.core.groups.Tuple.tuple("10.0.1.1", HealthStatus.HEALTHY));
  }

  @Test
  void aMissedDeltaFailsTheHashCheckAndTriggersAFullFetch() {
    // The delta that added a-2 was missed: the next one only modifies b-1, but the server's hash
    // counts a-2 too.
    transport
        .answer("apps/", 200, applications("UP_2_", List.of(A1, B1)))
        .answer("apps/delta", 200, applications("UP_3_", List.of(withAction(B1, "MODIFIED"))))
        .answer("apps/", 200, applications("UP_3_", List.of(A1, A2, B1)));

    poller.poll();
    poller.poll();

    assertThat(transport.requests()).containsExactly("apps/", "apps/delta", "apps/");
    assertThat(poller.stats()).isEqualTo(new FetchStats(2, 1, 1));
    assertThat(addresses(published.get(published.size() - 1)))
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.1.1");
  }

  @Test
  void aDeltaTheServerWillNotGiveMeansAFullFetch() {
    transport
        .answer("apps/", 200, applications("UP_1_", List.of(A1)))
        .answer("apps/delta", 403, "")
        .answer("apps/", 200, applications("UP_2_", List.of(A1, A2)));

    poller.poll();
    poller.poll();

    assertThat(transport.requests()).containsExactly("apps/", "apps/delta", "apps/");
    assertThat(addresses(published.get(1))).containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void anOutageRepublishesTheLastContentStaleOnceAndRecoveryFetchesEverything() {
    transport.answer("apps/", 200, applications("UP_2_", List.of(A1, B1)));
    poller.poll();
    RegistrySnapshot good = published.get(0);

    transport.down(true);
    poller.poll();
    poller.poll();

    assertThat(published).hasSize(2);
    RegistrySnapshot stale = published.get(1);
    assertThat(stale.stale()).isTrue();
    assertThat(stale.version()).isEqualTo(2);
    assertThat(stale.services()).isEqualTo(good.services());
    assertThat(stale.endpoints()).isEqualTo(good.endpoints());
    assertThat(stale.problems())
        .singleElement()
        .asString()
        .startsWith("eureka: GET apps/delta: no Eureka server answered (")
        .endsWith("; serving the last content fetched");

    transport.down(false).answer("apps/", 200, applications("UP_2_", List.of(A1, B1)));
    poller.poll();

    assertThat(transport.requests()).endsWith("apps/");
    RegistrySnapshot recovered = published.get(2);
    assertThat(recovered.stale()).isFalse();
    assertThat(recovered.version()).isEqualTo(3);
    assertThat(recovered.endpoints()).isEqualTo(good.endpoints());
    assertThat(recovered.problems()).isEmpty();
  }

  @Test
  void nothingIsPublishedBeforeTheFirstFetchNorWhenNothingChanged() {
    transport.down(true);
    poller.poll();
    assertThat(published).isEmpty();

    transport
        .down(false)
        .answer("apps/", 200, applications("UP_1_", List.of(A1)))
        .answer("apps/delta", 200, applications("UP_1_", List.of(withAction(A1, "MODIFIED"))));
    poller.poll();
    poller.poll();

    assertThat(published).extracting(RegistrySnapshot::version).containsExactly(1L);
  }

  @Test
  void aDeltaThatChangesNothingReusesTheLastSnapshotWithoutConvertingTheRegistryAgain() {
    // Eureka repeats every change of the last 3 minutes in each delta: repeating is no change.
    transport
        .answer("apps/", 200, applications("UP_1_", List.of(A1)))
        .answer("apps/delta", 200, applications("UP_1_", List.of()))
        .answer("apps/delta", 200, applications("UP_2_", List.of(withAction(B1, "ADDED"))))
        .answer("apps/delta", 200, applications("UP_2_", List.of(withAction(B1, "ADDED"))))
        .answer("apps/delta", 200, applications("UP_1_", List.of(withAction(B1, "DELETED"))))
        .answer(
            "apps/delta",
            200,
            applications("UP_1_", List.of(withAction(B1, "ADDED"), withAction(B1, "DELETED"))));

    for (int i = 0; i < 6; i++) {
      poller.poll();
    }

    assertThat(poller.stats()).isEqualTo(new FetchStats(1, 5, 0));
    // The full fetch, the delta that added b-1 and the one that removed it; the last one's
    // entries net out to what is held, but each entry changes the copy on its own.
    assertThat(poller.assemblies()).isEqualTo(4);
    assertThat(published).extracting(RegistrySnapshot::version).containsExactly(1L, 2L, 3L);
    assertThat(addresses(published.get(1))).containsExactly("10.0.0.1", "10.0.1.1");
    assertThat(addresses(published.get(2))).containsExactly("10.0.0.1");
  }

  @Test
  void anEmptyDeltaAfterAnEmptyHashMismatchStillFetchesAndPublishesEverything() {
    transport
        .answer("apps/", 200, applications("UP_1_", List.of(A1)))
        .answer("apps/delta", 200, applications("UP_2_", List.of()))
        .answer("apps/", 200, applications("UP_2_", List.of(A1, B1)));

    poller.poll();
    poller.poll();

    assertThat(transport.requests()).containsExactly("apps/", "apps/delta", "apps/");
    assertThat(published).extracting(RegistrySnapshot::version).containsExactly(1L, 2L);
    assertThat(addresses(published.get(1))).containsExactly("10.0.0.1", "10.0.1.1");
  }

  @Test
  void anUnreadableAnswerKeepsTheLastContentStale() {
    transport
        .answer("apps/", 200, applications("UP_1_", List.of(A1)))
        .answer("apps/delta", 200, "<html>gateway</html>")
        .answer("apps/", 200, applications("UP_1_", List.of(A1)));

    poller.poll();
    poller.poll();
    assertThat(published.get(1).stale()).isTrue();
    assertThat(published.get(1).problems())
        .singleElement()
        .asString()
        .startsWith(
            "eureka: the answer of http://eureka.test:8761/eureka/ is unreadable: not JSON");

    poller.poll();
    assertThat(transport.requests()).containsExactly("apps/", "apps/delta", "apps/");
    assertThat(published.get(2).stale()).isFalse();
  }
}
