package io.meshbridge.registry.kubernetes;

import static io.meshbridge.registry.kubernetes.K8s.endpoint;
import static io.meshbridge.registry.kubernetes.K8s.port;
import static io.meshbridge.registry.kubernetes.K8s.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping from cluster objects to model content, without a server. */
class SnapshotMapperTest {

  private static final MappingSettings SETTINGS = new MappingSettings("k8s", "east", "corp.local");

  private final ClusterState state = new ClusterState();

  private Contents map() {
    return SnapshotMapper.map(state, SETTINGS, java.time.Instant.EPOCH);
  }

  @Test
  void externalNameIsLeftOutAndHeadlessIsKept() {
    state.upsert(
        new ServiceBuilder(K8s.service("shop", "ext", Map.of(), port("http", 80, null)))
            .editSpec()
            .withType("ExternalName")
            .withExternalName("example.com")
            .endSpec()
            .build());
    state.upsert(
        new ServiceBuilder(K8s.service("shop", "db", Map.of(), port("tcp", 5432, null)))
            .editSpec()
            .withClusterIP("None")
            .endSpec()
            .build());
    state.upsert(
        new ServiceBuilder(K8s.service("shop", "sts", Map.of()))
            .editSpec()
            .withClusterIP("None")
            .endSpec()
            .build());
    state.upsert(
        K8s.slice(
            "shop",
            "db-1",
            "db",
            List.of(slicePort("tcp", 5432)),
            endpoint("10.0.0.5", null, null, null)));

    Contents c = map();

    assertThat(c.services())
        .containsExactly(
            new Service(
                ServiceKey.of("shop", "db"),
                List.of("db.shop.svc.corp.local", "db.shop.svc"),
                List.of(new ServicePort("tcp", 5432, Protocol.TCP)),
                Map.of()));
    assertThat(c.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.5");
    assertThat(c.problems())
        .containsExactly(
            "service shop/ext: spec.type: ExternalName is not supported (expected: ClusterIP,"
                + " NodePort, LoadBalancer or headless); left out",
            "service shop/sts: spec.ports: [] (expected: at least one port; a Service without ports"
                + " cannot be routed); left out");
  }

  @Test
  void udpPortsAreLeftOutAndNamedAndTheirSlicePortsIgnored() {
    state.upsert(
        K8s.service(
            "kube-system",
            "kube-dns",
            Map.of(),
            new ServicePortBuilder().withName("dns").withPort(53).withProtocol("UDP").build(),
            port("dns-tcp", 53, null)));
    state.upsert(
        new EndpointSliceBuilder(
                K8s.slice(
                    "kube-system",
                    "kube-dns-1",
                    "kube-dns",
                    List.of(slicePort("dns-tcp", 53)),
                    endpoint("10.0.0.10", null, null, null)))
            .addToPorts(
                new EndpointPortBuilder().withName("dns").withPort(53).withProtocol("UDP").build())
            .build());

    Contents c = map();

    assertThat(c.services())
        .singleElement()
        .extracting(Service::ports)
        .isEqualTo(List.of(new ServicePort("dns-tcp", 53, Protocol.TCP)));
    assertThat(c.endpoints())
        .singleElement()
        .extracting(Endpoint::ports)
        .isEqualTo(Map.of("dns-tcp", 53));
    assertThat(c.problems())
        .containsExactly(
            "service kube-system/kube-dns: spec.ports[0].protocol:"
                + " UDP (expected: TCP; the mesh carries TCP only); port dns (53) left out");
  }

  @Test
  void aSingleUnnamedPortIsNamedAfterItsNumberAndAnUnnamedOneAmongManyIsAProblem() {
    state.upsert(K8s.service("shop", "web", Map.of(), port(null, 80, "http")));
    state.upsert(
        K8s.slice(
            "shop",
            "web-1",
            "web",
            List.of(slicePort(null, 8080)),
            endpoint("10.0.0.1", null, null, null)));
    state.upsert(K8s.service("shop", "two", Map.of(), port(null, 80, null), port("b", 81, null)));

    Contents c = map();

    assertThat(c.services())
        .extracting(Service::ports)
        .containsExactly(
            List.of(new ServicePort("b", 81, Protocol.TCP)),
            List.of(new ServicePort("port-80", 80, Protocol.HTTP)));
    assertThat(c.endpoints())
        .singleElement()
        .extracting(Endpoint::ports)
        .isEqualTo(Map.of("port-80", 8080));
    assertThat(c.problems())
        .containsExactly(
            "service shop/two: spec.ports[0].name: '' (expected:"
                + " a name, as the Service has 2 ports); port 80 left out");
  }

  @Test
  void slicesThatCannotBeReadAreNamed() {
    state.upsert(K8s.service("shop", "web", Map.of(), port("http", 80, null)));
    state.upsert(
        new EndpointSliceBuilder(
                K8s.slice(
                    "shop",
                    "web-fqdn",
                    "web",
                    List.of(slicePort("http", 80)),
                    endpoint("web.example.com", null, null, null)))
            .withAddressType("FQDN")
            .build());
    state.upsert(
        new EndpointSliceBuilder(K8s.slice("shop", "web-orphan", "web", List.of()))
            .editMetadata()
            .withLabels(Map.of())
            .endMetadata()
            .build());
    state.upsert(
        K8s.slice(
            "shop",
            "web-empty",
            "web",
            List.of(slicePort("http", 80)),
            new EndpointBuilder().build(),
            endpoint("10.0.0.1", null, null, null)));
    state.upsert(
        K8s.slice(
            "shop",
            "web-other",
            "nothere",
            List.of(slicePort("http", 80)),
            endpoint("10.0.0.2", null, null, null)));

    Contents c = map();

    assertThat(c.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1");
    assertThat(c.problems())
        .containsExactly(
            "endpointslice shop/web-empty: endpoints[0].addresses: [] (expected: at least one"
                + " address); endpoint left out",
            "endpointslice shop/web-fqdn: addressType: FQDN (expected: IPv4 or IPv6); left out",
            "endpointslice shop/web-orphan: metadata.labels.kubernetes.io/service-name: missing"
                + " (expected: the name of its Service); left out");
  }

  @Test
  void anAddressInTwoSlicesIsUsedOnceWithItsBestHealth() {
    state.upsert(K8s.service("shop", "web", Map.of(), port("http", 80, null)));
    state.upsert(
        K8s.slice(
            "shop",
            "web-a",
            "web",
            List.of(slicePort("http", 8080)),
            K8s.conditions("10.0.0.1", null, null, null, false, false, false)));
    state.upsert(
        K8s.slice(
            "shop",
            "web-b",
            "web",
            List.of(slicePort("http", 8080)),
            K8s.conditions("10.0.0.1", null, null, null, null, null, null)));

    assertThat(map().endpoints())
        .singleElement()
        .extracting(Endpoint::health)
        .isEqualTo(HealthStatus.HEALTHY);

    // Host-network Pods: one address, other ports, so another endpoint.
    state.upsert(
        K8s.slice(
            "shop",
            "web-c",
            "web",
            List.of(slicePort("http", 9090)),
            endpoint("10.0.0.1", null, null, null)));
    assertThat(map().endpoints())
        .extracting(Endpoint::ports)
        .containsExactly(Map.of("http", 8080), Map.of("http", 9090));
  }

  @Test
  void endpointsWithoutPodOrNodeGetTheClusterLabelAndTheSliceZone() {
    state.upsert(K8s.service("shop", "web", Map.of(), port("http", 80, null)));
    state.upsert(
        new EndpointSliceBuilder(
                K8s.slice(
                    "shop",
                    "web-6",
                    "web",
                    List.of(slicePort("http", 8080)),
                    endpoint("fd00::1", "gone", "gone", "z1")))
            .withAddressType("IPv6")
            .build());

    assertThat(map().endpoints())
        .containsExactly(
            new Endpoint(
                ServiceKey.of("shop", "web"),
                "fd00::1",
                Map.of("http", 8080),
                Map.of(KubernetesRegistry.CLUSTER_LABEL, "east"),
                HealthStatus.HEALTHY,
                new Locality("", "z1", ""),
                1,
                "k8s"));
  }

  @Test
  void podChangesThatTheMappingDoesNotReadChangeNothing() {
    var pod = K8s.pod("shop", "web-1", Map.of("app", "web"), "sa", "node-1");
    assertThat(state.upsert(pod)).isTrue();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    assertThat(state.upsert(pod)).isFalse();
    assertThat(state.delete(pod)).isTrue();
    assertThat(state.delete(pod)).isFalse();
  }
}
