package io.meshbridge.model;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Identifies one logical mesh service: a name in a namespace, as in Kubernetes and Istio.
 *
 * <p>The mesh's canonical host name for a service is {@code <name>.<namespace>.mesh}.
 */
public record ServiceKey(String namespace, String name) implements Comparable<ServiceKey> {

  /** The DNS suffix of every mesh host name. */
  public static final String MESH_DOMAIN = "mesh";

  /** RFC 1123 label, as Kubernetes requires for names and namespaces. */
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ServiceKey {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace: '" + namespace + "' (expected: a lowercase DNS label, e.g. 'shop')");
    }
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: '" + name + "' (expected: a lowercase DNS label, e.g. 'orders')");
    }
  }

  public static ServiceKey of(String namespace, String name) {
    return new ServiceKey(namespace, name);
  }

  /** {@code name.namespace.mesh}: the host name the mesh answers to for this service. */
  public String meshHostname() {
    return name + "." + namespace + "." + MESH_DOMAIN;
  }

  @Override
  public int compareTo(ServiceKey o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
