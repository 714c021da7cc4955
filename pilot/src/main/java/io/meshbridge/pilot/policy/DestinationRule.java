package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Istio DestinationRule: named subsets of a host's endpoints and its load balancer.
 *
 * @param host normalized by {@link Hosts#normalize}
 * @param loadBalancer {@code trafficPolicy.loadBalancer.simple}, or null for round robin
 */
public record DestinationRule(
    String namespace,
    String name,
    String host,
    List<Subset> subsets,
    @Nullable LoadBalancer loadBalancer,
    String source)
    implements PolicyResource {

  public static final String KIND = "DestinationRule";

  /** {@code trafficPolicy.loadBalancer.simple}. */
  public enum LoadBalancer {
    ROUND_ROBIN,
    LEAST_REQUEST,
    RANDOM
  }

  /** The endpoints whose labels include every one of {@code labels}. */
  public record Subset(String name, Map<String, String> labels) {
    public Subset {
      requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }

    /** Whether an endpoint with {@code endpointLabels} belongs to this subset. */
    public boolean matches(Map<String, String> endpointLabels) {
      return endpointLabels.entrySet().containsAll(labels.entrySet());
    }
  }

  public DestinationRule {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(source, "source");
    subsets = List.copyOf(subsets);
  }

  public Optional<Subset> subset(String subsetName) {
    return subsets.stream().filter(s -> s.name().equals(subsetName)).findFirst();
  }

  @Override
  public String kind() {
    return KIND;
  }
}
