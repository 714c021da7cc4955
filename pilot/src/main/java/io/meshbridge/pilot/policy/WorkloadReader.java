package io.meshbridge.pilot.policy;

import io.meshbridge.model.Locality;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads WorkloadEntry fields: a WorkloadEntry's {@code spec}, a ServiceEntry's {@code
 * endpoints[i]}, a WorkloadGroup's {@code template}.
 */
final class WorkloadReader {

  private static final Set<String> FIELDS =
      Set.of("address", "ports", "labels", "network", "locality", "weight", "serviceAccount");

  /**
   * @param addressRequired false for a WorkloadGroup template, which must not have one
   */
  static Workload read(Field f, boolean addressRequired) {
    f.only(FIELDS);
    String address = "";
    if (addressRequired) {
      Field a = f.child("address");
      address = a.text();
      if (!Addresses.isIp(address) && !Addresses.isDnsName(address)) {
        throw a.error("'" + address + "' (expected: an IP address or a DNS name)");
      }
    } else if (f.has("address")) {
      throw f.child("address").error("not supported in a template (each workload has its own)");
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (f.has("ports")) {
      Field all = f.child("ports");
      if (!all.node().isObject()) {
        throw all.error("expected an object of port name to number");
      }
      all.node().fieldNames().forEachRemaining(n -> ports.put(n, all.child(n).integer(1, 65535)));
    }
    int weight = f.has("weight") ? f.child("weight").integer(0, 1000) : 0;
    return new Workload(
        address,
        ports,
        f.strings("labels"),
        f.has("locality") ? locality(f.child("locality")) : Locality.UNKNOWN,
        weight == 0 ? 1 : weight,
        f.text("serviceAccount", ""),
        f.text("network", ""));
  }

  /** {@code region/zone/subzone}, each part optional from the right, as Istio writes it. */
  private static Locality locality(Field f) {
    String text = f.text();
    String[] parts = text.split("/", -1);
    if (parts.length > 3 || text.isEmpty()) {
      throw f.error("'" + text + "' (expected: region[/zone[/subzone]])");
    }
    return new Locality(
        parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
  }

  private WorkloadReader() {}
}
