package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import io.meshbridge.testing.consul.RecordedRequest;
import io.meshbridge.testing.consul.ServiceInstance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the registry talks to Consul: blocking instead of polling, index resets, outages and
 * unreadable entries.
 */
class ConsulWatchIT {

  private ConsulSimulator consul = ConsulSimulator.start();
  private ConsulRegistry registry;
  private final Snapshots snapshots = new Snapshots();

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
    consul.close();
  }

  @Test
  void watchesBlockInsteadOfPollingAndReactPromptly() {
    consul.register(
        "dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080), CheckStatus.PASSING);
    consul.register(
        "dc1", ServiceInstance.of("api-1", "api", "10.0.0.2", 9090), CheckStatus.PASSING);
    start(ConsulRegistry.builder("consul").address(URI.create(consul.address())));
    snapshots.awaitAddresses("10.0.0.1", "10.0.0.2");
    // Each of the three watches (service list, web, api) is parked in a blocking query.
    await().until(() -> consul.requests(RecordedRequest::blocking).size() >= 3);
    consul.clearRequests();

    // Quiet: nothing changes, and no request is sent (wait is 5 minutes).
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> consul.requests().isEmpty());

    consul.register(
        "dc1", ServiceInstance.of("web-2", "web", "10.0.0.3", 8080), CheckStatus.PASSING);
    snapshots.awaitAddresses("10.0.0.1", "10.0.0.2", "10.0.0.3");
    // The change woke the service list and web: each asked again, blocking on the new index.
    await().until(() -> consul.requests().size() >= 2);
    assertThat(consul.requests())
        .allMatch(RecordedRequest::blocking)
        .allMatch(r -> r.query().get("wait").equals("300s"))
        .noneMatch(r -> r.path().endsWith("/api"));
  }

  @Test
  void anIndexThatGoesBackwardsRestartsTheWatchFromZero() {
    consul.register(
        "dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080), CheckStatus.PASSING);
    start(
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .waitTime(Duration.ofSeconds(1)));
    snapshots.awaitAddresses("10.0.0.1");
    await().until(() -> !consul.requests(r -> r.blocking() && r.path().endsWith("/web")).isEmpty());
    long before =
        consul.requests(r -> r.path().endsWith("/web")).stream()
            .mapToLong(RecordedRequest::index)
            .max()
            .orElseThrow();

    consul.clearRequests();
    consul.resetIndexes();
    // Index 2 now: lower than the index the watch blocks on, so only a reset watch sees it.
    consul.register(
        "dc1", ServiceInstance.of("web-2", "web", "10.0.0.2", 8080), CheckStatus.PASSING);

    snapshots.awaitAddresses("10.0.0.1", "10.0.0.2");
    assertThat(before).isGreaterThan(consul.index("dc1"));
    List<Long> webIndexes =
        consul.requests(r -> r.path().endsWith("/web")).stream()
            .map(RecordedRequest::index)
            .toList();
    assertThat(webIndexes).contains(0L);
  }

  @Test
  void anOutageKeepsTheLastContentMarkedStaleAndRecoveryResyncs() {
    consul.register(
        "dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080), CheckStatus.PASSING);
    start(
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    RegistrySnapshot good = snapshots.awaitAddresses("10.0.0.1");

    consul.stop();
    RegistrySnapshot stale = snapshots.awaitLatest(RegistrySnapshot::stale);
    assertThat(stale.services()).isEqualTo(good.services());
    assertThat(stale.endpoints()).isEqualTo(good.endpoints());
    assertThat(stale.problems())
        .singleElement()
        .asString()
        .startsWith("the agent's datacenter: ")
        .endsWith("; serving the last content read");
    assertThat(snapshots.all()).allMatch(s -> !s.endpoints().isEmpty());
    await()
        .during(Duration.ofMillis(500))
        .until(() -> snapshots.all().stream().filter(RegistrySnapshot::stale).count() == 1);

    int before = snapshots.all().size();
    consul.restart();
    RegistrySnapshot back = snapshots.awaitLatest(s -> !s.stale());
    assertThat(back.endpoints()).isEqualTo(good.endpoints());
    assertThat(back.problems()).isEmpty();
    // One outage made one stale snapshot; recovering published the fresh state once.
    await().during(Duration.ofMillis(500)).until(() -> snapshots.all().size() == before + 1);

    // Changes made while Consul was away show up after the resync.
    consul.stop();
    snapshots.awaitLatest(RegistrySnapshot::stale);
    consul.register(
        "dc1", ServiceInstance.of("web-2", "web", "10.0.0.2", 8080), CheckStatus.PASSING);
    consul.restart();
    // A watch that answers before the others may publish the new endpoint still marked stale.
    RegistrySnapshot resynced =
        snapshots.awaitLatest(x -> !x.stale() && x.endpoints().size() == 2);
    assertThat(resynced.endpoints())
        .extracting(Endpoint::address)
        .containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void badInstancesAreLeftOutAndNamedWhileTheRestFlows() {
    consul.register(
        "dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080), CheckStatus.PASSING);
    consul.register(
        "dc1", ServiceInstance.of("web-2", "web", "not an address!", 8080), CheckStatus.PASSING);
    consul.register("dc1", ServiceInstance.of("web-3", "web", "10.0.0.3", 0), CheckStatus.PASSING);
    consul.register(
        "dc1",
        ServiceInstance.of("web-4", "web", "10.0.0.4", 8080)
            .withMeta(Map.of("protocol", "carrier-pigeon")),
        CheckStatus.PASSING);
    consul.register(
        "dc1", ServiceInstance.of("api-1", "api", "10.0.1.1", 9090), CheckStatus.PASSING);
    // An entry no real Consul sends: Service without Port and Address. It spoils its service's
    // whole answer for consul-client, so "broken" is named and everything else still flows.
    consul.injectEntry(
        "dc1",
        "broken",
        """
        {"Node": {"Node": "x", "Address": "10.0.9.9", "Datacenter": "dc1"},
         "Service": {"ID": "broken-1", "Service": "broken"}, "Checks": []}\
        """);
    start(
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .retryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)));

    RegistrySnapshot s = snapshots.awaitLatest(x -> !x.endpoints().isEmpty());

    assertThat(s.endpoints()).extracting(Endpoint::address).containsExactly("10.0.1.1", "10.0.0.1");
    assertThat(s.stale()).as("unreadable data is not an outage").isFalse();
    String web = "datacenter dc1: service web: instance ";
    assertThat(s.problems())
        .containsExactly(
            web
                + "web-2 (node node-web-2): Service.Address: 'not an address!'"
                + " (expected: an IP address or host name); instance left out",
            web
                + "web-3 (node node-web-3): Service.Port: 0 (expected: 1..65535); instance left"
                + " out",
            web
                + "web-4 (node node-web-4): Service.Meta.protocol: 'carrier-pigeon'"
                + " (expected one of: HTTP, HTTP2, GRPC, TCP, TLS); instance left out",
            s.problems().get(3));
    assertThat(s.problems().get(3))
        .startsWith(
            "the agent's datacenter: service broken: cannot read its instances:"
                + " Consul's answer cannot be read (IllegalStateException: Cannot build Service,"
                + " some of required attributes are not set [address, port])")
        .endsWith("; serving the last content read");
  }

  private void start(ConsulRegistryBuilder builder) {
    registry = builder.build();
    registry.start(snapshots);
  }
}
