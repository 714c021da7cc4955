package io.meshbridge.pilot.policy;

import io.meshbridge.model.ServiceKey;

/**
 * Resolves host names as Istio does for Kubernetes services: {@code reviews} in namespace {@code
 * shop}, {@code reviews.shop} and {@code reviews.shop.svc.cluster.local} all mean {@code
 * reviews.shop.mesh}. Any other name (e.g. {@code www.example.com}) stays as written and must be a
 * host name of some service.
 */
public final class Hosts {

  private static final String CLUSTER_SUFFIX = ".svc.cluster.local";

  /** The canonical form of {@code host} written in a resource of {@code namespace}. */
  public static String normalize(String host, String namespace) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (h.endsWith(CLUSTER_SUFFIX)) {
      h = h.substring(0, h.length() - CLUSTER_SUFFIX.length());
    }
    String[] labels = h.split("\\.", -1);
    if (labels.length == 1) {
      return h + "." + namespace + "." + ServiceKey.MESH_DOMAIN;
    }
    if (labels.length == 2) {
      return h + "." + ServiceKey.MESH_DOMAIN;
    }
    return h;
  }

  private Hosts() {}
}
