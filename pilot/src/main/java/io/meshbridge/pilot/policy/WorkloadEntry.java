package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

/**
 * An Istio WorkloadEntry: one VM or other non-Kubernetes workload. It serves traffic as an endpoint
 * of every ServiceEntry in its namespace whose {@code workloadSelector} its labels match.
 */
public record WorkloadEntry(String namespace, String name, Workload workload, String source)
    implements PolicyResource {

  public static final String KIND = "WorkloadEntry";

  public WorkloadEntry {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(workload, "workload");
    requireNonNull(source, "source");
  }

  @Override
  public String kind() {
    return KIND;
  }
}
