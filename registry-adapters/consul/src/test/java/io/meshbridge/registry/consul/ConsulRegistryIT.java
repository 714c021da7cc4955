package io.meshbridge.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import io.meshbridge.testing.consul.ServiceInstance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry against the Consul simulator: content, changes, datacenters, ACL tokens. */
class ConsulRegistryIT {

  private static final ServiceKey WEB = ServiceKey.of("default", "web");
  private static final ServiceKey API = ServiceKey.of("default", "api");

  private ConsulSimulator consul;
  private ConsulRegistry registry;
  private final Snapshots snapshots = new Snapshots();

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
    if (consul != null) {
      consul.close();
    }
  }

  @Test
  void passingInstancesBecomeServicesAndEndpointsWithExactValues() {
    consul = ConsulSimulator.start();
    consul.register(
        "dc1",
        ServiceInstance.of("web-1", "web", "10.0.0.1", 8080)
            .withTags("v1", "env=prod")
            .withMeta(Map.of("protocol", "http", "version", "2"))
            .withWeight(3),
        CheckStatus.PASSING);
    consul.register(
        "dc1",
        ServiceInstance.of("web-2", "web", "", 8081).withNode("vm-2", "10.0.0.2"),
        CheckStatus.PASSING);
    consul.register(
        "dc1", ServiceInstance.of("web-3", "web", "10.0.0.3", 8080), CheckStatus.PASSING);
    consul.register(
        "dc1",
        ServiceInstance.of("api-1", "api", "10.0.1.1", 9090).withMeta(Map.of("protocol", "grpc")),
        CheckStatus.PASSING);
    start(ConsulRegistry.builder("consul").address(URI.create(consul.address())));

    RegistrySnapshot s = snapshots.awaitLatest(x -> x.endpoints().size() == 4);

    ServicePort http = new ServicePort("http", 8080, Protocol.HTTP);
    ServicePort grpc = new ServicePort("grpc", 9090, Protocol.GRPC);
    assertThat(s.services())
        .containsExactly(
            new Service(API, List.of(), List.of(grpc), Map.of()),
            new Service(WEB, List.of(), List.of(http), Map.of()));
    Locality dc1 = new Locality("dc1", "", "");
    assertThat(s.endpoints())
        .containsExactly(
            new Endpoint(
                API,
                "10.0.1.1",
                Map.of("grpc", 9090),
                Map.of("protocol", "grpc"),
                HealthStatus.HEALTHY,
                dc1,
                1,
                "consul"),
            new Endpoint(
                WEB,
                "10.0.0.1",
                Map.of("http", 8080),
                Map.of("tag.v1", "", "env", "prod", "protocol", "http", "version", "2"),
                HealthStatus.HEALTHY,
                dc1,
                3,
                "consul"),
            new Endpoint(
                WEB,
                "10.0.0.2",
                Map.of("http", 8081),
                Map.of(),
                HealthStatus.HEALTHY,
                dc1,
                1,
                "consul"),
            new Endpoint(
                WEB,
                "10.0.0.3",
                Map.of("http", 8080),
                Map.of(),
                HealthStatus.HEALTHY,
                dc1,
                1,
                "consul"));
    assertThat(s.stale()).isFalse();
    assertThat(s.problems()).isEmpty();
    assertThat(s.version()).isEqualTo(1);
  }

  @Test
  void tagsMetaAndCheckStatusChangesAndRemovalsAreFollowed() {
    consul = ConsulSimulator.start();
    consul.register(
        "dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080), CheckStatus.PASSING);
    consul.register(
        "dc1", ServiceInstance.of("web-2", "web", "10.0.0.2", 8080), CheckStatus.PASSING);
    start(ConsulRegistry.builder("consul").address(URI.create(consul.address())));
    snapshots.awaitAddresses("10.0.0.1", "10.0.0.2");

    consul.register(
        "dc1",
        ServiceInstance.of("web-1", "web", "10.0.0.1", 8080)
            .withTags("canary")
            .withMeta(Map.of("zone", "a")),
        CheckStatus.PASSING);
    snapshots.awaitLatest(
        s -> labelsOf(s, "10.0.0.1").equals(Map.of("tag.canary", "", "zone", "a")));

    consul.setCheckStatus("dc1", "service:web-2", CheckStatus.CRITICAL);
    snapshots.awaitAddresses("10.0.0.1");
    consul.setCheckStatus("dc1", "service:web-2", CheckStatus.WARNING);
    assertThat(snapshots.awaitAddresses("10.0.0.1").services()).hasSize(1);
    consul.setCheckStatus("dc1", "service:web-2", CheckStatus.PASSING);
    snapshots.awaitAddresses("10.0.0.1", "10.0.0.2");

    consul.deregister("dc1", "web-1");
    snapshots.awaitAddresses("10.0.0.2");
    consul.deregister("dc1", "web-2");
    RegistrySnapshot gone = snapshots.awaitLatest(s -> s.services().isEmpty());
    assertThat(gone.endpoints()).isEmpty();
    assertThat(gone.problems()).isEmpty();
  }

  @Test
  void aServiceWithoutPassingInstancesKeepsItsPort() {
    consul = ConsulSimulator.start();
    consul.register(
        "dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080), CheckStatus.PASSING);
    start(ConsulRegistry.builder("consul").address(URI.create(consul.address())));
    snapshots.awaitAddresses("10.0.0.1");

    consul.setCheckStatus("dc1", "service:web-1", CheckStatus.CRITICAL);

    RegistrySnapshot s = snapshots.awaitAddresses();
    assertThat(s.services()).extracting(Service::key).containsExactly(WEB);
    assertThat(s.services().get(0).ports())
        .containsExactly(new ServicePort("http", 8080, Protocol.HTTP));
  }

  @Test
  void twoDatacentersMakeOneServiceWithLocalities() {
    consul = ConsulSimulator.builder().datacenters("east", "west").start();
    consul.register("east", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080));
    consul.register("west", ServiceInstance.of("web-2", "web", "10.1.0.1", 8080));
    consul.register(
        "west",
        ServiceInstance.of("db-1", "db", "10.1.0.9", 5432).withMeta(Map.of("protocol", "tcp")));
    start(
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .datacenters(List.of("east", "west")));

    RegistrySnapshot s = snapshots.awaitLatest(x -> x.endpoints().size() == 3);

    assertThat(s.services())
        .extracting(Service::key)
        .containsExactly(ServiceKey.of("default", "db"), WEB);
    assertThat(s.endpoints())
        .filteredOn(e -> e.service().equals(WEB))
        .extracting(e -> e.address() + "@" + e.locality().region())
        .containsExactlyInAnyOrder("10.0.0.1@east", "10.1.0.1@west");

    consul.deregister("west", "web-2");
    snapshots.awaitAddresses("10.0.0.1", "10.1.0.9");
  }

  @Test
  void theConfiguredNamespaceAndSanitizedNamesMakeTheKeys() {
    consul = ConsulSimulator.start();
    consul.register(ServiceInstance.of("o-1", "Order_Service.v2", "10.0.0.1", 80));
    consul.register(ServiceInstance.of("o-2", "order-service-v2", "10.0.0.2", 80));
    start(ConsulRegistry.builder("consul").address(URI.create(consul.address())).namespace("shop"));

    RegistrySnapshot s = snapshots.awaitLatest(x -> !x.services().isEmpty());

    ServiceKey key = ServiceKey.of("shop", "order-service-v2");
    assertThat(s.services()).extracting(Service::key).containsExactly(key);
    assertThat(s.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1");
    assertThat(s.problems())
        .containsExactly(
            "the agent's datacenter: service 'order-service-v2'"
                + " and service 'Order_Service.v2' both become mesh service shop/order-service-v2;"
                + " 'order-service-v2' is left out (the first name in lexical order wins)");
  }

  @Test
  void anAclTokenIsSentAndAWrongOneIsAProblem() {
    consul = ConsulSimulator.builder().readToken("s3cret").start();
    consul.register(ServiceInstance.of("web-1", "web", "10.0.0.1", 8080));

    start(ConsulRegistry.builder("consul").address(URI.create(consul.address())).token("s3cret"));
    snapshots.awaitAddresses("10.0.0.1");
    assertThat(consul.requests()).allMatch(r -> "s3cret".equals(r.token()));
    registry.close();

    Snapshots wrong = new Snapshots();
    registry =
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .token("guess")
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .build();
    registry.start(wrong);
    RegistrySnapshot refused = wrong.awaitLatest(x -> true);
    assertThat(refused.stale()).isTrue();
    assertThat(refused.services()).isEmpty();
    assertThat(refused.problems())
        .containsExactly(
            "the agent's datacenter: cannot list services:"
                + " HTTP 403: ACL not found; serving the last content read");
    registry.close();

    // Without a token Consul answers as the anonymous token: everything filtered out, no error.
    Snapshots anonymous = new Snapshots();
    registry = ConsulRegistry.builder("consul").address(URI.create(consul.address())).build();
    registry.start(anonymous);
    RegistrySnapshot filtered = anonymous.awaitLatest(x -> true);
    assertThat(filtered.services()).isEmpty();
    assertThat(filtered.stale()).isFalse();
  }

  @Test
  void theConsulServiceAndOtherExcludedServicesAreNotPublished() {
    consul = ConsulSimulator.start();
    consul.register(ServiceInstance.of("web-1", "web", "10.0.0.1", 8080));
    consul.register(ServiceInstance.of("vault-1", "vault", "10.0.0.5", 8200));
    start(
        ConsulRegistry.builder("consul")
            .address(URI.create(consul.address()))
            .excludedServices(java.util.Set.of("consul", "vault")));

    RegistrySnapshot s = snapshots.awaitAddresses("10.0.0.1");

    assertThat(s.services()).extracting(Service::key).containsExactly(WEB);
    assertThat(consul.requests(r -> r.path().endsWith("/vault") || r.path().endsWith("/consul")))
        .isEmpty();
  }

  private void start(ConsulRegistryBuilder builder) {
    registry = builder.build();
    registry.start(snapshots);
  }

  private static Map<String, String> labelsOf(RegistrySnapshot s, String address) {
    return s.endpoints().stream()
        .filter(e -> e.address().equals(address))
        .findFirst()
        .map(Endpoint::labels)
        .orElse(Map.of());
  }
}
