package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Locality;
import java.util.Map;

/**
 * The fields Istio's WorkloadEntry spec has, also the shape of a ServiceEntry's {@code endpoints[]}
 * and of a WorkloadGroup's {@code template}.
 *
 * @param address an IP address or a host name; {@code ""} only in a WorkloadGroup template
 * @param ports the port the workload listens on per service port name
 * @param locality {@code region/zone/subzone}, parsed
 * @param weight 1..1000 (Istio's 0 or absent means 1)
 * @param serviceAccount accepted and recorded (no mTLS identity yet)
 * @param network accepted and recorded (one flat network)
 */
public record Workload(
    String address,
    Map<String, Integer> ports,
    Map<String, String> labels,
    Locality locality,
    int weight,
    String serviceAccount,
    String network) {

  public Workload {
    requireNonNull(address, "address");
    requireNonNull(locality, "locality");
    requireNonNull(serviceAccount, "serviceAccount");
    requireNonNull(network, "network");
    ports = Map.copyOf(ports);
    labels = Map.copyOf(labels);
  }

  /** Whether its labels include every one of {@code selector}. */
  public boolean matches(Map<String, String> selector) {
    return labels.entrySet().containsAll(selector.entrySet());
  }
}
