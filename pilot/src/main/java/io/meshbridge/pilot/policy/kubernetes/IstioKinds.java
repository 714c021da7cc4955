package io.meshbridge.pilot.policy.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Set;

/**
 * The networking.istio.io and security.istio.io custom resources pilot reads, as the Kubernetes
 * API names them.
 */
public final class IstioKinds {

  public static final String GROUP = "networking.istio.io";

  public static final String SECURITY_GROUP = "security.istio.io";

  /** security.istio.io serves v1 and v1beta1 only; for v1alpha3 its kinds are read at v1beta1. */
  private static final Set<String> SECURITY_VERSIONS = Set.of("v1", "v1beta1");

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

  private static final List<List<String>> SECURITY_KINDS =
      List.of(
          List.of("PeerAuthentication", "peerauthentications"),
          List.of("AuthorizationPolicy", "authorizationpolicies"));

  /**
   * The five networking kinds at {@code version}, then the two security kinds at {@code version}
   * ({@code v1beta1} when {@code version} is {@code v1alpha3}).
   */
  public static List<ResourceDefinitionContext> contexts(String version) {
    String security = SECURITY_VERSIONS.contains(version) ? version : "v1beta1";
    List<ResourceDefinitionContext> out = new java.util.ArrayList<>();
    KINDS.forEach(k -> out.add(context(GROUP, version, k)));
    SECURITY_KINDS.forEach(k -> out.add(context(SECURITY_GROUP, security, k)));
    return out;
  }

  private static ResourceDefinitionContext context(String group, String version, List<String> k) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(k.get(0))
        .withPlural(k.get(1))
        .withNamespaced(true)
        .build();
  }

  private IstioKinds() {}
}
