package io.meshbridge.pilot;

import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.pilot.policy.PolicyDirectory;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicyResource;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.Rejection;
import io.meshbridge.pilot.policy.kubernetes.KubernetesPolicySource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where pilot reads Istio resources from (a directory, a Kubernetes API server), read together:
 * the resources of all sources are checked against each other, and the ServiceEntries and
 * WorkloadEntries accepted go to the {@code istio-config} registry, or are rejected when pilot has
 * none.
 *
 * <p>Not thread-safe: used from pilot's serializing executor only.
 */
final class PolicySources {

  private final @Nullable IstioConfigRegistry istioConfig;
  private @Nullable PolicyDirectory directory;
  private @Nullable KubernetesPolicySource kubernetes;

  PolicySources(@Nullable IstioConfigRegistry istioConfig) {
    this.istioConfig = istioConfig;
  }

  void directory(PolicyDirectory directory) {
    this.directory = directory;
  }

  void kubernetes(KubernetesPolicySource kubernetes) {
    this.kubernetes = kubernetes;
  }

  /**
   * Reads every source now and hands the {@code istio-config} registry its part once every source
   * has been read completely (a Kubernetes source: once its informers have synced).
   */
  PolicySet read() {
    List<PolicyResource> resources = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    List<PolicyParser.Result> results = new ArrayList<>();
    if (directory != null) {
      results.add(directory.readAll());
    }
    if (kubernetes != null) {
      results.add(kubernetes.read());
    }
    for (PolicyParser.Result r : results) {
      resources.addAll(r.resources());
      rejections.addAll(r.rejections());
    }
    PolicySet read = PolicySet.of(resources, rejections);
    if (istioConfig == null) {
      return withoutRegistryResources(read);
    }
    if (kubernetes == null || kubernetes.synced()) {
      istioConfig.update(read);
    }
    return read;
  }

  private static PolicySet withoutRegistryResources(PolicySet read) {
    List<Rejection> rejected = new ArrayList<>();
    List<PolicyResource> registryResources = new ArrayList<>(read.serviceEntries());
    registryResources.addAll(read.workloadEntries());
    registryResources.addAll(read.workloadGroups());
    for (PolicyResource r : registryResources) {
      rejected.add(
          new Rejection(
              r.kind(),
              r.namespace() + "/" + r.name(),
              r.source(),
              "kind: this pilot has no " + IstioConfigRegistry.ID + " registry to publish it"));
    }
    return rejected.isEmpty() ? read : read.withoutRegistryResources(rejected);
  }
}
