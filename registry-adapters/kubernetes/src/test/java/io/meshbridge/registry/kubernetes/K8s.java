package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builders for the Kubernetes objects tests create. */
final class K8s {

  static Service service(String ns, String name, Map<String, String> labels, ServicePort... ports) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPorts(ports)
        .endSpec()
        .build();
  }

  static ServicePort port(@Nullable String name, int number, @Nullable String appProtocol) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(number)
        .withProtocol("TCP")
        .withAppProtocol(appProtocol)
        .build();
  }

  static EndpointSlice slice(
      String ns, String name, String service, List<EndpointPort> ports, Endpoint... endpoints) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels(SliceLabels.SERVICE_NAME, service)
        .endMetadata()
        .withAddressType("IPv4")
        .withPorts(ports)
        .withEndpoints(endpoints)
        .build();
  }

  static EndpointPort slicePort(@Nullable String name, int number) {
    return new EndpointPortBuilder().withName(name).withPort(number).withProtocol("TCP").build();
  }

  /** A ready endpoint; {@code pod} may be null for none. */
  static Endpoint endpoint(
      String address, @Nullable String pod, @Nullable String node, @Nullable String zone) {
    return conditions(address, pod, node, zone, true, true, false);
  }

  static Endpoint conditions(
      String address,
      @Nullable String pod,
      @Nullable String node,
      @Nullable String zone,
      @Nullable Boolean ready,
      @Nullable Boolean serving,
      @Nullable Boolean terminating) {
    EndpointBuilder b =
        new EndpointBuilder()
            .withAddresses(address)
            .withNodeName(node)
            .withZone(zone)
            .withNewConditions()
            .withReady(ready)
            .withServing(serving)
            .withTerminating(terminating)
            .endConditions();
    if (pod != null) {
      b.withNewTargetRef().withKind("Pod").withName(pod).endTargetRef();
    }
    return b.build();
  }

  static Pod pod(
      String ns, String name, Map<String, String> labels, String serviceAccount, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(serviceAccount)
        .withNodeName(node)
        .endSpec()
        .build();
  }

  static Node node(String name, String region, String zone) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(ClusterState.REGION_LABEL, region)
        .addToLabels(ClusterState.ZONE_LABEL, zone)
        .endMetadata()
        .build();
  }

  private K8s() {}
}
