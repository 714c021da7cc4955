package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An Istio VirtualService for mesh traffic (no gateways).
 *
 * @param hosts the hosts it applies to, normalized by {@link Hosts#normalize}
 * @param http its routes, in the order they are tried
 * @param tcp its TCP routes, in order
 * @param tls its TLS (SNI) routes, in order
 * @param extensions what its {@code meshbridge.io/} annotations ask for
 */
public record VirtualService(
    String namespace,
    String name,
    List<String> hosts,
    List<HttpRoute> http,
    List<L4Route> tcp,
    List<L4Route> tls,
    Extensions extensions,
    String source)
    implements PolicyResource {

  public static final String KIND = "VirtualService";

  /**
   * The Meshbridge annotations of a VirtualService.
   *
   * @param retryNonIdempotent {@code meshbridge.io/retry-non-idempotent: "true"}
   * @param localRateLimits {@code meshbridge.io/local-rate-limit.<route name>}, by route name
   */
  public record Extensions(boolean retryNonIdempotent, Map<String, LocalRateLimit> localRateLimits) {
    public static final Extensions NONE = new Extensions(false, Map.of());

    public Extensions {
      localRateLimits = Map.copyOf(localRateLimits);
    }
  }

  /** A token bucket: {@code tokensPerFill} every {@code fillInterval}, at most {@code maxTokens}. */
  public record LocalRateLimit(int tokensPerFill, Duration fillInterval, int maxTokens) {
    public LocalRateLimit {
      requireNonNull(fillInterval, "fillInterval");
      if (tokensPerFill < 1 || maxTokens < tokensPerFill) {
        throw new IllegalArgumentException(
            "tokens: " + tokensPerFill + ", burst " + maxTokens + " (expected: 1..burst)");
      }
    }
  }

  public VirtualService {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(extensions, "extensions");
    requireNonNull(source, "source");
    hosts = List.copyOf(hosts);
    http = List.copyOf(http);
    tcp = List.copyOf(tcp);
    tls = List.copyOf(tls);
  }

  public VirtualService(
      String namespace, String name, List<String> hosts, List<HttpRoute> http, String source) {
    this(namespace, name, hosts, http, List.of(), List.of(), Extensions.NONE, source);
  }

  /** A destination of this VirtualService and its field path, e.g. {@code spec.http[0].route[1]}. */
  public record Target(String path, Destination destination) {}

  /** Every destination it names (routes and mirrors), with its path, in order. */
  public List<Target> targets() {
    List<Target> out = new java.util.ArrayList<>();
    for (int i = 0; i < http.size(); i++) {
      HttpRoute r = http.get(i);
      for (int j = 0; j < r.destinations().size(); j++) {
        out.add(new Target("spec.http[" + i + "].route[" + j + "].destination",
            r.destinations().get(j)));
      }
      for (int j = 0; j < r.mirrors().size(); j++) {
        HttpPolicies.Mirror m = r.mirrors().get(j);
        String field = m.field().equals("mirror") ? "mirror" : m.field() + ".destination";
        out.add(new Target("spec.http[" + i + "]." + field, m.destination()));
      }
    }
    l4Targets("spec.tcp", tcp, out);
    l4Targets("spec.tls", tls, out);
    return out;
  }

  private static void l4Targets(String field, List<L4Route> routes, List<Target> out) {
    for (int i = 0; i < routes.size(); i++) {
      List<Destination> destinations = routes.get(i).destinations();
      for (int j = 0; j < destinations.size(); j++) {
        out.add(new Target(field + "[" + i + "].route[" + j + "].destination", destinations.get(j)));
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }
}
