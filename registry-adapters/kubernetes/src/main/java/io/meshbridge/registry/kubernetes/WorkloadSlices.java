package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar.RegistrationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The EndpointSlice that puts one VM workload under a Service. Pure. The slice is named after the
 * Service and the instance id, so that registering the same instance again replaces it.
 */
final class WorkloadSlices {

  /** The annotation holding the registered instance id as given. */
  static final String INSTANCE_ANNOTATION = "meshbridge.io/instance-id";

  static String name(WorkloadInstance instance) {
    String id =
        instance
            .instanceId()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9.-]", "-")
            .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    String base = instance.service().name() + "-vm-" + id;
    if (!id.equals(instance.instanceId()) || base.length() > 200 || id.isEmpty()) {
      // Different ids must not collide once lower-cased, cleaned or cut.
      base =
          base.substring(0, Math.min(base.length(), 200)).replaceAll("[^a-z0-9]+$", "")
              + "-"
              + hash(instance.instanceId());
    }
    return base;
  }

  /**
   * @throws RegistrationException if a port name is not one of the Service's, an address is not an
   *     IP, or a label is not a valid Kubernetes label
   */
  static EndpointSlice build(WorkloadInstance instance, Service service, HealthStatus health) {
    String where = "workload " + instance.service() + " " + instance.instanceId();
    String addressType =
        IpAddresses.addressType(instance.address())
            .orElseThrow(
                () ->
                    new RegistrationException(
                        where
                            + ": address: '"
                            + instance.address()
                            + "' (expected: an IPv4 or IPv6 address; Kubernetes Services route to"
                            + " IPs)"));
    Map<String, String> labels = new HashMap<>();
    instance
        .labels()
        .forEach(
            (k, v) -> {
              if (!LabelSelectors.isKey(k) || !LabelSelectors.isValue(v)) {
                throw new RegistrationException(
                    where
                        + ": labels."
                        + k
                        + ": '"
                        + v
                        + "' (expected: a Kubernetes label, key [prefix/]name, value up to 63 of"
                        + " [A-Za-z0-9._-])");
              }
              labels.put(k, v);
            });
    putTopology(labels, ClusterState.REGION_LABEL, instance.locality().region(), where);
    putTopology(labels, ClusterState.SUBZONE_LABEL, instance.locality().subZone(), where);
    labels.put(SliceLabels.SERVICE_NAME, service.getMetadata().getName());
    labels.put(SliceLabels.MANAGED_BY, SliceLabels.REGISTRAR);
    EndpointSliceBuilder slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withNamespace(instance.service().namespace())
            .withName(name(instance))
            .withLabels(labels)
            .addToAnnotations(INSTANCE_ANNOTATION, instance.instanceId())
            .endMetadata()
            .withAddressType(addressType)
            .withPorts(ports(instance, service, where))
            .addNewEndpoint()
            .withAddresses(instance.address())
            .withZone(instance.locality().zone().isEmpty() ? null : instance.locality().zone())
            .withNewConditions()
            .withReady(ready(health))
            .withServing(serving(health))
            .withTerminating(
                health == HealthStatus.UNKNOWN ? null : health == HealthStatus.DRAINING)
            .endConditions()
            .endEndpoint();
    String uid = service.getMetadata().getUid();
    if (uid != null) {
      // Deleted with its Service by Kubernetes' garbage collector.
      slice
          .editMetadata()
          .addNewOwnerReference()
          .withApiVersion("v1")
          .withKind("Service")
          .withName(service.getMetadata().getName())
          .withUid(uid)
          .endOwnerReference()
          .endMetadata();
    }
    return slice.build();
  }

  private static List<EndpointPort> ports(
      WorkloadInstance instance, Service service, String where) {
    List<String> names = new ArrayList<>();
    if (service.getSpec() != null && service.getSpec().getPorts() != null) {
      service.getSpec().getPorts().forEach(p -> names.add(p.getName() == null ? "" : p.getName()));
    }
    boolean singleUnnamed = names.size() == 1 && names.get(0).isEmpty();
    if (singleUnnamed && instance.ports().size() != 1) {
      throw new RegistrationException(
          where
              + ": ports: "
              + instance.ports().size()
              + " ports (expected: one, as service "
              + instance.service()
              + " has one unnamed port)");
    }
    List<EndpointPort> ports = new ArrayList<>();
    for (ServicePort p : instance.ports()) {
      if (!singleUnnamed && !names.contains(p.name())) {
        throw new RegistrationException(
            where
                + ": ports."
                + p.name()
                + ": not a port of service "
                + instance.service()
                + " (expected one of: "
                + String.join(", ", new TreeSet<>(names))
                + ")");
      }
      ports.add(
          new EndpointPortBuilder()
              .withName(singleUnnamed ? null : p.name())
              .withPort(p.number())
              .withProtocol("TCP")
              .withAppProtocol(PortProtocols.appProtocol(p.protocol()))
              .build());
    }
    return ports;
  }

  private static void putTopology(
      Map<String, String> labels, String key, String value, String where) {
    if (value.isEmpty()) {
      return;
    }
    if (!LabelSelectors.isValue(value)) {
      throw new RegistrationException(
          where
              + ": locality: '"
              + value
              + "' (expected: a Kubernetes label value, up to 63 of [A-Za-z0-9._-])");
    }
    labels.put(key, value);
  }

  private static @Nullable Boolean ready(HealthStatus health) {
    return health == HealthStatus.UNKNOWN ? null : health == HealthStatus.HEALTHY;
  }

  private static @Nullable Boolean serving(HealthStatus health) {
    return health == HealthStatus.UNKNOWN
        ? null
        : health == HealthStatus.HEALTHY || health == HealthStatus.DRAINING;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private WorkloadSlices() {}
}
