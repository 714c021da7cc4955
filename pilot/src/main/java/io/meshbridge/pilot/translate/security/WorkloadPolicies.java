package io.meshbridge.pilot.translate.security;

import io.meshbridge.pilot.policy.AuthorizationPolicy;
import io.meshbridge.pilot.policy.PeerAuthentication;
import io.meshbridge.pilot.policy.PeerAuthentication.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which security policies apply to a workload (its namespace and {@code LABELS}), as Istio
 * decides. Policies come in (namespace, name) order; where Istio would take the oldest of several
 * at one level, the first in that order is taken (pilot sees no creation times in files).
 */
public final class WorkloadPolicies {

  /**
   * The effective PeerAuthentication mode of the workload's port {@code targetPort}: the first
   * that is set of the workload policy's {@code portLevelMtls[targetPort]}, its {@code mtls}, the
   * namespace policy's, the mesh policy's (root namespace, no selector); PERMISSIVE when none is.
   */
  public static Mode mtlsMode(
      List<PeerAuthentication> all,
      String namespace,
      Map<String, String> labels,
      String rootNamespace,
      int targetPort) {
    PeerAuthentication workload = null;
    PeerAuthentication inNamespace = null;
    PeerAuthentication mesh = null;
    for (PeerAuthentication pa : all) {
      if (pa.namespace().equals(namespace) && !pa.selector().isEmpty()
          && selects(pa.selector(), labels) && workload == null) {
        workload = pa;
      } else if (pa.namespace().equals(namespace) && pa.selector().isEmpty()
          && inNamespace == null) {
        inNamespace = pa;
      }
      if (pa.namespace().equals(rootNamespace) && pa.selector().isEmpty() && mesh == null) {
        mesh = pa;
      }
    }
    List<@Nullable Mode> chain = new ArrayList<>();
    if (workload != null) {
      chain.add(workload.portLevelMtls().get(targetPort));
      chain.add(workload.mode());
    }
    chain.add(inNamespace == null ? null : inNamespace.mode());
    chain.add(mesh == null ? null : mesh.mode());
    for (Mode m : chain) {
      if (m != null && m != Mode.UNSET) {
        return m;
      }
    }
    return Mode.PERMISSIVE;
  }

  /**
   * The AuthorizationPolicies of the workload: those of its namespace and of the root namespace
   * whose selector its labels match (no selector: all).
   */
  public static List<AuthorizationPolicy> authorizations(
      List<AuthorizationPolicy> all,
      String namespace,
      Map<String, String> labels,
      String rootNamespace) {
    return all.stream()
        .filter(ap -> ap.namespace().equals(namespace) || ap.namespace().equals(rootNamespace))
        .filter(ap -> selects(ap.selector(), labels))
        .toList();
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.entrySet());
  }

  private WorkloadPolicies() {}
}
