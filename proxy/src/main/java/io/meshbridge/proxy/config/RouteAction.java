package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a route does with the requests it takes: forward, answer directly, or redirect. */
public sealed interface RouteAction {

  /**
   * Forward upstream (Envoy's {@code route}).
   *
   * @param clusters one cluster of weight 1, or Envoy's {@code weighted_clusters} (weight 0 ones
   *     get nothing); the weights sum to at least 1
   * @param timeout Envoy's route {@code timeout}: from the end of the request to the end of the
   *     response headers; {@link Duration#ZERO} for none, null for the data plane's default (15 s)
   * @param retry when and how often to retry; {@link RetryPolicy#NONE} for never
   * @param prefixRewrite replaces the matched path prefix when not empty
   * @param hostRewrite replaces the Host header when not empty
   * @param mirrors where copies of the requests go (Envoy's {@code request_mirror_policies})
   * @param hashPolicies Envoy's {@code hash_policy}: what RING_HASH and MAGLEV clusters hash
   * @param regexRewrite Envoy's {@code regex_rewrite} of the path, or null; never together with a
   *     {@code prefixRewrite}
   */
  record Forward(
      List<WeightedCluster> clusters,
      @Nullable Duration timeout,
      RetryPolicy retry,
      String prefixRewrite,
      String hostRewrite,
      List<MirrorPolicy> mirrors,
      List<HashPolicy> hashPolicies,
      @Nullable PathRegexRewrite regexRewrite)
      implements RouteAction {

    /** Without mirrors or hash policies. */
    public Forward(
        List<WeightedCluster> clusters,
        @Nullable Duration timeout,
        RetryPolicy retry,
        String prefixRewrite,
        String hostRewrite) {
      this(clusters, timeout, retry, prefixRewrite, hostRewrite, List.of());
    }

    /** Without hash policies. */
    public Forward(
        List<WeightedCluster> clusters,
        @Nullable Duration timeout,
        RetryPolicy retry,
        String prefixRewrite,
        String hostRewrite,
        List<MirrorPolicy> mirrors) {
      this(clusters, timeout, retry, prefixRewrite, hostRewrite, mirrors, List.of(), null);
    }

    public Forward {
      clusters = List.copyOf(clusters);
      mirrors = List.copyOf(mirrors);
      hashPolicies = List.copyOf(hashPolicies);
      requireNonNull(retry, "retry");
      requireNonNull(prefixRewrite, "prefixRewrite");
      requireNonNull(hostRewrite, "hostRewrite");
      if (regexRewrite != null && !prefixRewrite.isEmpty()) {
        throw new IllegalArgumentException(
            "regexRewrite: " + regexRewrite + " (expected: not together with a prefixRewrite)");
      }
      if (clusters.stream().mapToLong(WeightedCluster::weight).sum() < 1) {
        throw new IllegalArgumentException(
            "clusters: " + clusters + " (expected: weights summing to at least 1)");
      }
      if (timeout != null && timeout.isNegative()) {
        throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
      }
    }

    /** All requests to {@code cluster}, the default timeout, no retries, no rewrites. */
    public static Forward to(String cluster) {
      return new Forward(List.of(new WeightedCluster(cluster, 1)), null, RetryPolicy.NONE, "", "");
    }
  }

  /** One cluster of a {@code weighted_clusters} action. */
  record WeightedCluster(String name, int weight) {
    public WeightedCluster {
      requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("name: '' (expected: a cluster name)");
      }
      if (weight < 0) {
        throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
      }
    }
  }

  /** Envoy's {@code direct_response}: a local answer with this status and plain-text body. */
  record DirectResponse(int status, String body) implements RouteAction {
    public DirectResponse {
      requireNonNull(body, "body");
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("status: " + status + " (expected: 200..599)");
      }
    }
  }

  /**
   * Envoy's {@code redirect}. Empty strings and port 0 keep the request's part.
   *
   * @param scheme replaces {@code http}
   * @param host replaces the Host (and drops its port)
   * @param port replaces the port
   * @param path replaces the path (and the query, when it has one)
   * @param prefixRewrite replaces the matched prefix of the path
   * @param stripQuery whether the query is dropped
   * @param status 301, 302, 303, 307 or 308
   */
  record Redirect(
      String scheme,
      String host,
      int port,
      String path,
      String prefixRewrite,
      boolean stripQuery,
      int status)
      implements RouteAction {
    public Redirect {
      requireNonNull(scheme, "scheme");
      requireNonNull(host, "host");
      requireNonNull(path, "path");
      requireNonNull(prefixRewrite, "prefixRewrite");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
      }
      if (!List.of(301, 302, 303, 307, 308).contains(status)) {
        throw new IllegalArgumentException(
            "status: " + status + " (expected: 301, 302, 303, 307 or 308)");
      }
      if (!path.isEmpty() && !prefixRewrite.isEmpty()) {
        throw new IllegalArgumentException(
            "prefixRewrite: '" + prefixRewrite + "' (expected: empty when path is set)");
      }
    }
  }
}
