package io.meshbridge.registry.kubernetes;

import static io.meshbridge.registry.kubernetes.K8s.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadSlicesTest {

  private static final ServiceKey KEY = ServiceKey.of("shop", "web");

  private static WorkloadInstance vm(
      String id, String address, Map<String, String> labels, ServicePort... ports) {
    return new WorkloadInstance(KEY, id, address, List.of(ports), labels, Locality.UNKNOWN);
  }

  private static final ServicePort HTTP = new ServicePort("http", 8080, Protocol.HTTP);

  @Test
  void namesAreStableValidAndDoNotCollide() {
    assertThat(WorkloadSlices.name(vm("vm-1", "10.0.0.1", Map.of(), HTTP)))
        .isEqualTo("web-vm-vm-1");
    String upper = WorkloadSlices.name(vm("VM-1", "10.0.0.1", Map.of(), HTTP));
    String odd = WorkloadSlices.name(vm("vm_1", "10.0.0.1", Map.of(), HTTP));
    assertThat(upper).matches("web-vm-vm-1-[0-9a-f]{10}");
    assertThat(odd).matches("web-vm-vm-1-[0-9a-f]{10}").isNotEqualTo(upper);
    assertThat(WorkloadSlices.name(vm("x".repeat(300), "10.0.0.1", Map.of(), HTTP)))
        .hasSizeLessThanOrEqualTo(211)
        .matches("web-vm-x+-[0-9a-f]{10}");
  }

  @Test
  void anIpv6WorkloadOnASingleUnnamedPortService() {
    Service svc = K8s.service("shop", "web", Map.of(), port(null, 80, null));
    EndpointSlice slice =
        WorkloadSlices.build(vm("vm-6", "fd00::6", Map.of(), HTTP), svc, HealthStatus.DRAINING);

    assertThat(slice.getAddressType()).isEqualTo("IPv6");
    assertThat(slice.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isNull();
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getAppProtocol()).isEqualTo("http");
            });
    assertThat(slice.getEndpoints().get(0).getConditions().getTerminating()).isTrue();
    assertThat(slice.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void theSliceIsOwnedByItsService() {
    Service svc =
        new ServiceBuilder(K8s.service("shop", "web", Map.of(), port("http", 80, null)))
            .editMetadata()
            .withUid("uid-1")
            .endMetadata()
            .build();
    EndpointSlice slice =
        WorkloadSlices.build(vm("vm-1", "10.0.0.1", Map.of(), HTTP), svc, HealthStatus.HEALTHY);
    assertThat(slice.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
  }

  @Test
  void whatKubernetesCannotHoldIsRefusedNamingIt() {
    Service svc = K8s.service("shop", "web", Map.of(), port("http", 80, null));
    assertThatThrownBy(
            () ->
                WorkloadSlices.build(
                    vm("vm-1", "vm-1.example.com", Map.of(), HTTP), svc, HealthStatus.HEALTHY))
        .isInstanceOf(RegistrationException.class)
        .hasMessage(
            "workload shop/web vm-1: address: 'vm-1.example.com' (expected: an IPv4 or"
                + " IPv6 address; Kubernetes Services route to IPs)");
    assertThatThrownBy(
            () ->
                WorkloadSlices.build(
                    vm("vm-1", "10.0.0.1", Map.of("team", "a b"), HTTP), svc, HealthStatus.HEALTHY))
        .hasMessageStartingWith(
            "workload shop/web vm-1: labels.team: 'a b' (expected: a" + " Kubernetes label");
    Service unnamed = K8s.service("shop", "web", Map.of(), port(null, 80, null));
    assertThatThrownBy(
            () ->
                WorkloadSlices.build(
                    vm(
                        "vm-1",
                        "10.0.0.1",
                        Map.of(),
                        HTTP,
                        new ServicePort("admin", 9000, Protocol.HTTP)),
                    unnamed,
                    HealthStatus.HEALTHY))
        .hasMessage(
            "workload shop/web vm-1: ports: 2 ports (expected: one, as service shop/web"
                + " has one unnamed port)");
  }
}
