package io.meshbridge.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ContentAssemblerTest {

  private static final ServiceKey ORDERS = ServiceKey.of("shop", "orders");

  private static ParsedNode instance(String service, String id, String address,
      Map<String, Instance.Port> ports) {
    String path = "/services/" + service + "/" + id;
    return ParsedNode.of(new Instance(path, service, ServiceNames.sanitize(service), address,
        new TreeMap<>(ports), Map.of("id", id), HealthStatus.HEALTHY));
  }

  private static Map<String, Instance.Port> http(int port) {
    return Map.of("http", new Instance.Port(port, Protocol.HTTP));
  }

  private static Endpoint endpoint(String address, Map<String, Integer> ports, String id) {
    return new Endpoint(ORDERS, address, ports, Map.of("id", id), HealthStatus.HEALTHY,
        Locality.UNKNOWN, 1, "zk");
  }

  @Test
  void instancesOfAServiceBecomeItsEndpoints() {
    Contents contents = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        instance("orders", "b", "10.0.0.2", http(8080)),
        instance("orders", "a", "10.0.0.1", http(8080)),
        instance("orders", "c", "10.0.0.3", http(9090))));

    assertThat(contents.services()).containsExactly(new Service(ORDERS, List.of(),
        List.of(new ServicePort("http", 8080, Protocol.HTTP)), Map.of()));
    assertThat(contents.endpoints()).containsExactly(
        endpoint("10.0.0.1", Map.of("http", 8080), "a"),
        endpoint("10.0.0.2", Map.of("http", 8080), "b"),
        endpoint("10.0.0.3", Map.of("http", 9090), "c"));
    assertThat(contents.problems()).isEmpty();
  }

  @Test
  void aTieOnThePortNumberGoesToTheLowest() {
    Contents contents = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        instance("orders", "a", "127.0.0.1", http(41002)),
        instance("orders", "b", "127.0.0.1", http(41001))));

    assertThat(contents.services().get(0).ports())
        .containsExactly(new ServicePort("http", 41001, Protocol.HTTP));
  }

  @Test
  void aPublishedPortNumberStaysWhileTheServiceExists() {
    List<Service> previous = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        instance("orders", "a", "127.0.0.1", http(41001)),
        instance("orders", "b", "127.0.0.1", http(41002)))).services();

    Contents contents = ContentAssembler.assemble("zk", "shop", previous, List.of(
        instance("orders", "b", "127.0.0.1", http(41002))));

    assertThat(contents.services().get(0).ports())
        .containsExactly(new ServicePort("http", 41001, Protocol.HTTP));
    assertThat(contents.endpoints()).extracting(Endpoint::ports)
        .containsExactly(Map.of("http", 41002));

    // Another protocol is another port: its number is chosen afresh.
    Contents grpc = ContentAssembler.assemble("zk", "shop", previous, List.of(
        instance("orders", "b", "127.0.0.1", Map.of("http", new Instance.Port(41003, Protocol.GRPC)))));
    assertThat(grpc.services().get(0).ports())
        .containsExactly(new ServicePort("http", 41003, Protocol.GRPC));
  }

  @Test
  void instancesWithOtherPortsThanMostAreLeftOutAndReported() {
    Contents contents = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        instance("orders", "a", "10.0.0.1", http(8080)),
        instance("orders", "b", "10.0.0.2", Map.of(
            "http", new Instance.Port(8080, Protocol.HTTP),
            "https", new Instance.Port(8443, Protocol.TLS))),
        instance("orders", "c", "10.0.0.3", http(8080))));

    assertThat(contents.endpoints()).extracting(Endpoint::address)
        .containsExactly("10.0.0.1", "10.0.0.3");
    assertThat(contents.problems()).containsExactly(
        "/services/orders/b: ports {http=HTTP, https=TLS} differ from {http=HTTP}, those of the"
            + " other instances of service shop/orders; instance left out");
  }

  @Test
  void twoNamesForOneMeshNameKeepTheFirstAndReportTheOther() {
    Contents contents = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        instance("orders", "a", "10.0.0.1", http(8080)),
        instance("Orders", "b", "10.0.0.2", http(8080)),
        instance("Orders", "c", "10.0.0.3", http(8080))));

    assertThat(contents.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.2",
        "10.0.0.3");
    assertThat(contents.problems()).containsExactly(
        "service 'orders' (1 instance(s)) maps to the mesh name shop/orders, which 'Orders'"
            + " already has; left out");
  }

  @Test
  void unreadableNodesAndUnnameableServicesAreReported() {
    Contents contents = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        ParsedNode.of(new InvalidInstanceException("/services/orders/x", "port: missing"),
            "/services/orders/x"),
        instance("___", "a", "10.0.0.1", http(8080)),
        instance("orders", "a", "10.0.0.1", http(8080))));

    assertThat(contents.services()).extracting(Service::key).containsExactly(ORDERS);
    assertThat(contents.problems()).containsExactly(
        "/services/___/a: service name '___' has no letter or digit to make a mesh name of;"
            + " instance left out",
        "/services/orders/x: port: missing; instance left out");
  }

  @Test
  void portNumbersThatCollideLeaveTheServiceOut() {
    Contents contents = ContentAssembler.assemble("zk", "shop", List.of(), List.of(
        instance("orders", "a", "10.0.0.1", Map.of(
            "http", new Instance.Port(8080, Protocol.HTTP),
            "https", new Instance.Port(8080, Protocol.TLS)))));

    assertThat(contents.services()).isEmpty();
    assertThat(contents.endpoints()).isEmpty();
    assertThat(contents.problems()).containsExactly("service shop/orders: ports: number 8080"
        + " appears twice; service and its 1 instance(s) left out");
  }
}
