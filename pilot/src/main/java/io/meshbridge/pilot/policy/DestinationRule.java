package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Istio DestinationRule: named subsets of a host's endpoints and their traffic policies.
 *
 * @param host normalized by {@link Hosts#normalize}
 * @param trafficPolicy the top-level {@code trafficPolicy}, or null
 * @param peakEwmaDecay the decay of the {@code meshbridge.io/load-balancer: PEAK_EWMA}
 *     extension, or null when the annotation is absent
 */
public record DestinationRule(
    String namespace,
    String name,
    String host,
    List<Subset> subsets,
    @Nullable TrafficPolicy trafficPolicy,
    @Nullable Duration peakEwmaDecay,
    String source)
    implements PolicyResource {

  public static final String KIND = "DestinationRule";

  /** The endpoints whose labels include every one of {@code labels}, with their own policy. */
  public record Subset(String name, Map<String, String> labels, @Nullable TrafficPolicy policy) {
    public Subset {
      requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }

    public Subset(String name, Map<String, String> labels) {
      this(name, labels, null);
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

  /** The merged policy of {@code port} for a subset ({@code ""}: the whole service). */
  public TrafficPolicy policy(String subsetName, int port) {
    TrafficPolicy sub = subset(subsetName).map(Subset::policy).orElse(null);
    return TrafficPolicy.merge(trafficPolicy, sub, port);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
