package io.meshbridge.pilot.policy;

import io.meshbridge.model.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a ServiceEntry's {@code spec}: the supported fields, strictly. */
final class ServiceEntryReader {

  private static final Set<String> SPEC =
      Set.of(
          "hosts", "addresses", "ports", "location", "resolution", "endpoints",
          "workloadSelector", "exportTo");
  private static final Set<String> PORT = Set.of("number", "protocol", "name", "targetPort");
  private static final Set<String> SELECTOR = Set.of("labels");

  static ServiceEntry read(Field spec, String namespace, String name, String source) {
    spec.only(SPEC);
    List<String> hosts = spec.list("hosts", Addresses::host);
    if (hosts.isEmpty()) {
      throw spec.child("hosts").error("required (expected: at least one host name)");
    }
    List<String> addresses = spec.list("addresses", Addresses::ipOrCidr);
    Set<String> portNames = new HashSet<>();
    Set<Integer> portNumbers = new HashSet<>();
    List<ServiceEntry.Port> ports =
        spec.list("ports", p -> port(p, portNames, portNumbers));
    if (ports.isEmpty()) {
      throw spec.child("ports").error("required (expected: at least one port)");
    }
    ServiceEntry.Location location = location(spec);
    ServiceEntry.Resolution resolution = resolution(spec.child("resolution"));
    List<Workload> endpoints =
        spec.list("endpoints", e -> endpoint(e, resolution, portNames));
    Map<String, String> selector = null;
    if (spec.has("workloadSelector")) {
      Field s = spec.child("workloadSelector").only(SELECTOR);
      if (!endpoints.isEmpty()) {
        throw s.error("cannot be used together with spec.endpoints (expected: one of them)");
      }
      selector = s.strings("labels");
    }
    List<String> exportTo = spec.list("exportTo", ServiceEntryReader::exportTo);
    return new ServiceEntry(
        namespace, name, hosts, addresses, ports, location, resolution, endpoints, selector,
        exportTo, source);
  }

  private static ServiceEntry.Port port(Field f, Set<String> names, Set<Integer> numbers) {
    f.only(PORT);
    int number = f.child("number").integer(1, 65535);
    if (!numbers.add(number)) {
      throw f.child("number").error(number + " appears twice");
    }
    String portName = f.child("name").text();
    if (portName.isBlank() || !names.add(portName)) {
      throw f.child("name").error("'" + portName + "' (expected: a non-empty name, unique)");
    }
    Field protocol = f.child("protocol");
    String value = protocol.text().toUpperCase(Locale.ROOT);
    Protocol parsed =
        switch (value) {
          case "HTTP", "HTTP2", "GRPC", "TCP", "TLS" -> Protocol.valueOf(value);
          case "HTTPS" -> Protocol.TLS; // as Istio: passed through by SNI, not terminated
          default ->
              throw protocol.error(
                  "'" + protocol.text() + "' (expected: HTTP, HTTP2, GRPC, HTTPS, TLS or TCP)");
        };
    int targetPort = f.has("targetPort") ? f.child("targetPort").integer(1, 65535) : 0;
    return new ServiceEntry.Port(portName, number, parsed, targetPort);
  }

  private static ServiceEntry.Location location(Field spec) {
    Field f = spec.child("location");
    if (!spec.has("location")) {
      return ServiceEntry.Location.MESH_EXTERNAL;
    }
    String value = f.text();
    return switch (value) {
      case "MESH_EXTERNAL" -> ServiceEntry.Location.MESH_EXTERNAL;
      case "MESH_INTERNAL" -> ServiceEntry.Location.MESH_INTERNAL;
      default -> throw f.error("'" + value + "' (expected: MESH_EXTERNAL or MESH_INTERNAL)");
    };
  }

  private static ServiceEntry.Resolution resolution(Field f) {
    String value = f.node().isMissingNode() ? "NONE" : f.text();
    return switch (value) {
      case "STATIC" -> ServiceEntry.Resolution.STATIC;
      case "DNS" -> ServiceEntry.Resolution.DNS;
      case "NONE" ->
          throw f.error(
              "NONE"
                  + (f.node().isMissingNode() ? " (Istio's default)" : "")
                  + " is not supported: it forwards to the original destination address, which"
                  + " needs traffic capture (expected: STATIC or DNS)");
      default -> throw f.error("'" + value + "' (expected: STATIC or DNS)");
    };
  }

  private static Workload endpoint(
      Field f, ServiceEntry.Resolution resolution, Set<String> portNames) {
    Workload w = WorkloadReader.read(f, true);
    if (resolution == ServiceEntry.Resolution.STATIC && !Addresses.isIp(w.address())) {
      throw f.child("address")
          .error("'" + w.address() + "' (expected: an IP address with resolution STATIC)");
    }
    for (String port : w.ports().keySet()) {
      if (!portNames.contains(port)) {
        throw f.child("ports").child(port).error("not a port name of spec.ports " + portNames);
      }
    }
    return w;
  }

  private static String exportTo(Field f) {
    String value = f.text();
    if (!value.equals("*") && !value.equals(".")) {
      throw f.error(
          "'" + value + "': exporting to named namespaces is not supported (expected: * or .)");
    }
    return value;
  }

  private ServiceEntryReader() {}
}
