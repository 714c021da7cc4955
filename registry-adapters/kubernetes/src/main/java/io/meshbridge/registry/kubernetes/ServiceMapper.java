package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes Service to a model service. Pure. What cannot be read is added to {@code problems}
 * as {@code service <ns>/<name>: <field>: <what> (expected: ...)}.
 *
 * <ul>
 *   <li>Host names: {@code name.ns.svc.<clusterDomain>} and {@code name.ns.svc} (the mesh's own
 *       {@code name.ns.mesh} comes with the key).
 *   <li>Ports: TCP ports only (UDP and SCTP ports are left out and reported); the model port name
 *       is the Kubernetes one, or {@code port-<number>} for the single unnamed port a Service may
 *       have.
 *   <li>ExternalName Services are left out and reported; headless ones are kept.
 * </ul>
 */
final class ServiceMapper {

  static @Nullable MappedService map(
      Service service, MappingSettings settings, List<String> problems) {
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    String where = "service " + namespace + "/" + name;
    ServiceSpec spec = service.getSpec();
    if (spec == null) {
      problems.add(where + ": spec: missing; left out");
      return null;
    }
    if ("ExternalName".equals(spec.getType())) {
      problems.add(
          where
              + ": spec.type: ExternalName is not supported"
              + " (expected: ClusterIP, NodePort, LoadBalancer or headless); left out");
      return null;
    }
    List<ServicePort> k8sPorts = spec.getPorts() == null ? List.of() : spec.getPorts();
    if (k8sPorts.isEmpty()) {
      problems.add(
          where
              + ": spec.ports: [] (expected: at least one port; a Service without"
              + " ports cannot be routed); left out");
      return null;
    }
    List<io.meshbridge.model.ServicePort> ports = new ArrayList<>();
    Map<String, String> portNames = new HashMap<>();
    for (int i = 0; i < k8sPorts.size(); i++) {
      ServicePort p = k8sPorts.get(i);
      String field = where + ": spec.ports[" + i + "]";
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      String k8sName = p.getName() == null ? "" : p.getName();
      if (!"TCP".equals(protocol)) {
        problems.add(
            field
                + ".protocol: "
                + protocol
                + " (expected: TCP; the mesh carries TCP only); port "
                + describe(k8sName, p)
                + " left out");
        continue;
      }
      if (p.getPort() == null) {
        problems.add(field + ".port: missing (expected: 1..65535); port left out");
        continue;
      }
      if (k8sName.isEmpty() && k8sPorts.size() > 1) {
        problems.add(
            field
                + ".name: '' (expected: a name, as the Service has "
                + k8sPorts.size()
                + " ports); port "
                + p.getPort()
                + " left out");
        continue;
      }
      String modelName = k8sName.isEmpty() ? "port-" + p.getPort() : k8sName;
      Protocol resolved = PortProtocols.resolve(p.getAppProtocol(), k8sName);
      try {
        ports.add(new io.meshbridge.model.ServicePort(modelName, p.getPort(), resolved));
        portNames.put(k8sName, modelName);
      } catch (IllegalArgumentException e) {
        problems.add(field + ": " + e.getMessage() + "; port left out");
      }
    }
    if (ports.isEmpty()) {
      problems.add(where + ": no port left to route (see the problems above); left out");
      return null;
    }
    try {
      ServiceKey key = ServiceKey.of(namespace, name);
      List<String> hostnames =
          List.of(
              name + "." + namespace + ".svc." + settings.clusterDomain(),
              name + "." + namespace + ".svc");
      Map<String, String> labels = ClusterState.withoutNulls(service.getMetadata().getLabels());
      return new MappedService(
          new io.meshbridge.model.Service(key, hostnames, ports, labels), portNames);
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage() + "; left out");
      return null;
    }
  }

  private static String describe(String k8sName, ServicePort p) {
    return (k8sName.isEmpty() ? "" : k8sName + " ") + "(" + p.getPort() + ")";
  }

  private ServiceMapper() {}
}
