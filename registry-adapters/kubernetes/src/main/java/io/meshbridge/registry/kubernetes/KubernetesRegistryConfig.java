package io.meshbridge.registry.kubernetes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one {@link KubernetesRegistry} watches and how it reports it. Build with {@link #of} and the
 * {@code with...} methods; every value is checked here, naming the field.
 *
 * @param id the adapter id, a lowercase DNS label (also every endpoint's {@code source})
 * @param connection how to reach the API server (kubeconfig and context, or in-cluster)
 * @param clusterId put on every endpoint as label {@value KubernetesRegistry#CLUSTER_LABEL};
 *     default: the id
 * @param namespaces the namespaces to watch; empty (the default) = all namespaces
 * @param labelSelector only Services matching it are read (Kubernetes selector syntax); empty (the
 *     default) = all Services
 * @param resyncPeriod how often informers replay their cache; zero (the default) = never, which is
 *     enough because every event recomputes the whole snapshot
 * @param staleAfter how long a watch may be down before the content is published as stale (default
 *     5s, above fabric8's 1s reconnect after a routine watch rotation)
 * @param clusterDomain the cluster's DNS domain, for the {@code name.ns.svc.<domain>} host name
 *     (default {@code cluster.local})
 */
public record KubernetesRegistryConfig(
    String id,
    KubernetesConnection connection,
    String clusterId,
    List<String> namespaces,
    String labelSelector,
    Duration resyncPeriod,
    Duration staleAfter,
    String clusterDomain) {

  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(5);
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public KubernetesRegistryConfig {
    requireNonNull(id, "id");
    requireNonNull(connection, "connection");
    requireNonNull(clusterId, "clusterId");
    requireNonNull(labelSelector, "labelSelector");
    requireNonNull(resyncPeriod, "resyncPeriod");
    requireNonNull(staleAfter, "staleAfter");
    requireNonNull(clusterDomain, "clusterDomain");
    namespaces = List.copyOf(namespaces);
    if (!DNS_LABEL.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "id: '" + id + "' (expected: a lowercase DNS label, e.g. k8s-east)");
    }
    if (!LABEL_VALUE.matcher(clusterId).matches()) {
      throw new IllegalArgumentException(
          "clusterId: '" + clusterId + "' (expected: a Kubernetes label value, e.g. east-1)");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < namespaces.size(); i++) {
      String ns = namespaces.get(i);
      if (!DNS_LABEL.matcher(ns).matches()) {
        throw new IllegalArgumentException(
            "namespaces[" + i + "]: '" + ns + "' (expected: a lowercase DNS label)");
      }
      if (!seen.add(ns)) {
        throw new IllegalArgumentException("namespaces[" + i + "]: '" + ns + "' appears twice");
      }
    }
    LabelSelectors.check("labelSelector", labelSelector);
    if (resyncPeriod.isNegative()) {
      throw new IllegalArgumentException(
          "resyncPeriod: " + resyncPeriod + " (expected: 0 = never, or positive)");
    }
    if (staleAfter.compareTo(Duration.ofMillis(10)) < 0
        || staleAfter.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "staleAfter: " + staleAfter + " (expected: 10ms to 10 minutes)");
    }
    if (!DNS_NAME.matcher(clusterDomain).matches()) {
      throw new IllegalArgumentException(
          "clusterDomain: '" + clusterDomain + "' (expected: a DNS name, e.g. cluster.local)");
    }
  }

  /** All namespaces, all Services, default kubeconfig and context, cluster id = {@code id}. */
  public static KubernetesRegistryConfig of(String id) {
    return new KubernetesRegistryConfig(
        id,
        KubernetesConnection.DEFAULT,
        id,
        List.of(),
        "",
        Duration.ZERO,
        DEFAULT_STALE_AFTER,
        DEFAULT_CLUSTER_DOMAIN);
  }

  /** True when {@link #namespaces} is empty: every namespace is watched. */
  public boolean allNamespaces() {
    return namespaces.isEmpty();
  }

  public KubernetesRegistryConfig withConnection(KubernetesConnection value) {
    return new KubernetesRegistryConfig(
        id, value, clusterId, namespaces, labelSelector, resyncPeriod, staleAfter, clusterDomain);
  }

  public KubernetesRegistryConfig withClusterId(String value) {
    return new KubernetesRegistryConfig(
        id, connection, value, namespaces, labelSelector, resyncPeriod, staleAfter, clusterDomain);
  }

  public KubernetesRegistryConfig withNamespaces(List<String> value) {
    return new KubernetesRegistryConfig(
        id, connection, clusterId, value, labelSelector, resyncPeriod, staleAfter, clusterDomain);
  }

  public KubernetesRegistryConfig withLabelSelector(String value) {
    return new KubernetesRegistryConfig(
        id, connection, clusterId, namespaces, value, resyncPeriod, staleAfter, clusterDomain);
  }

  public KubernetesRegistryConfig withResyncPeriod(Duration value) {
    return new KubernetesRegistryConfig(
        id, connection, clusterId, namespaces, labelSelector, value, staleAfter, clusterDomain);
  }

  public KubernetesRegistryConfig withStaleAfter(Duration value) {
    return new KubernetesRegistryConfig(
        id, connection, clusterId, namespaces, labelSelector, resyncPeriod, value, clusterDomain);
  }

  public KubernetesRegistryConfig withClusterDomain(String value) {
    return new KubernetesRegistryConfig(
        id, connection, clusterId, namespaces, labelSelector, resyncPeriod, staleAfter, value);
  }
}
