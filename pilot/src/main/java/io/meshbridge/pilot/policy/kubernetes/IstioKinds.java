package io.meshbridge.pilot.policy.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Set;

/** The networking.istio.io custom resources pilot reads, as the Kubernetes API names them. */
public final class IstioKinds {

  public static final String GROUP = "networking.istio.io";

  /** The versions Istio's CRDs serve; every one holds the same objects. */
  public static final Set<String> VERSIONS = Set.of("v1", "v1beta1", "v1alpha3");

  /** kind → plural resource name. */
  private static final List<List<String>> KINDS =
      List.of(
          List.of("VirtualService", "virtualservices"),
          List.of("DestinationRule", "destinationrules"),
          List.of("ServiceEntry", "serviceentries"),
          List.of("WorkloadEntry", "workloadentries"),
          List.of("WorkloadGroup", "workloadgroups"));

  /** The five kinds at {@code version}. */
  public static List<ResourceDefinitionContext> contexts(String version) {
    return KINDS.stream()
        .map(
            k ->
                new ResourceDefinitionContext.Builder()
                    .withGroup(GROUP)
                    .withVersion(version)
                    .withKind(k.get(0))
                    .withPlural(k.get(1))
                    .withNamespaced(true)
                    .build())
        .toList();
  }

  private IstioKinds() {}
}
