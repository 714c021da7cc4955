package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the CA runs (YAML: {@code ca:}, see pilot/README.md).
 *
 * @param directory state: the self-signed root (unless {@code plugin}), join tokens, admin token
 * @param trustDomain the SPIFFE trust domain; default {@code cluster.local}
 * @param plugin a root or intermediate supplied as files, instead of the self-signed root
 * @param workloadCertTtl a workload certificate's lifetime when the request names none; 24 h
 * @param maxWorkloadCertTtl the longest lifetime a request may ask for; 7 days
 * @param bindAddress the CA gRPC server's address; default {@code 127.0.0.1}
 * @param port its port (TLS), {@code 0} for any free one; default {@code 15012}
 * @param serverNames DNS names and IP addresses in pilot's own serving certificate
 * @param revoked identities refused every certificate
 * @param kubernetesTokenReview whether bearer tokens that are not join tokens are checked with a
 *     Kubernetes TokenReview
 * @param servingCertTtl the lifetime of pilot's own serving certificate on the TLS port, renewed
 *     at 80 % of it while pilot runs; default 24 h
 * @param pilotNamespace the namespace pilot runs in: its identity {@code
 *     spiffe://<td>/ns/<pilotNamespace>/sa/pilot} and DNS name {@code istiod.<pilotNamespace>.svc};
 *     default {@code meshbridge-system}
 */
public record CaOptions(
    Path directory,
    String trustDomain,
    @Nullable PluginCa plugin,
    Duration workloadCertTtl,
    Duration maxWorkloadCertTtl,
    String bindAddress,
    int port,
    List<String> serverNames,
    Set<SpiffeId> revoked,
    boolean kubernetesTokenReview,
    Duration servingCertTtl,
    String pilotNamespace) {

  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
  public static final int DEFAULT_PORT = 15012;
  public static final Duration DEFAULT_WORKLOAD_CERT_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_MAX_WORKLOAD_CERT_TTL = Duration.ofDays(7);
  public static final Duration DEFAULT_SERVING_CERT_TTL = Duration.ofHours(24);
  public static final String DEFAULT_PILOT_NAMESPACE = "meshbridge-system";

  public CaOptions {
    requireNonNull(directory, "directory");
    requireNonNull(trustDomain, "trustDomain");
    requireNonNull(workloadCertTtl, "workloadCertTtl");
    requireNonNull(maxWorkloadCertTtl, "maxWorkloadCertTtl");
    requireNonNull(bindAddress, "bindAddress");
    serverNames = List.copyOf(serverNames);
    revoked = Set.copyOf(revoked);
    requireNonNull(servingCertTtl, "servingCertTtl");
    requireNonNull(pilotNamespace, "pilotNamespace");
    new SpiffeId(trustDomain, pilotNamespace, "x"); // validates trustDomain's and the namespace's syntax
    if (servingCertTtl.compareTo(Duration.ofMinutes(10)) < 0) {
      throw new IllegalArgumentException(
          "servingCertTtl: " + servingCertTtl + " (expected: at least 10 min)");
    }
    if (workloadCertTtl.compareTo(Duration.ofMinutes(1)) < 0
        || workloadCertTtl.compareTo(maxWorkloadCertTtl) > 0) {
      throw new IllegalArgumentException(
          "workloadCertTtl: " + workloadCertTtl + " (expected: 1 min .. maxWorkloadCertTtl "
              + maxWorkloadCertTtl + ")");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /** The defaults with state in {@code directory}. */
  public static CaOptions defaults(Path directory) {
    return new CaOptions(
        directory,
        DEFAULT_TRUST_DOMAIN,
        null,
        DEFAULT_WORKLOAD_CERT_TTL,
        DEFAULT_MAX_WORKLOAD_CERT_TTL,
        "127.0.0.1",
        DEFAULT_PORT,
        List.of("localhost", "127.0.0.1"),
        Set.of(),
        false,
        DEFAULT_SERVING_CERT_TTL,
        DEFAULT_PILOT_NAMESPACE);
  }

  /** Pilot's own identity on its TLS port. */
  public SpiffeId pilotIdentity() {
    return new SpiffeId(trustDomain, pilotNamespace, "pilot");
  }

  /** The names in pilot's serving certificate: {@code istiod.<ns>.svc}, then {@code serverNames}. */
  public List<String> servingNames() {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    names.add("istiod." + pilotNamespace + ".svc");
    names.addAll(serverNames);
    return List.copyOf(names);
  }

  public CaOptions withServingCertTtl(Duration ttl) {
    return new CaOptions(directory, trustDomain, plugin, workloadCertTtl, maxWorkloadCertTtl,
        bindAddress, port, serverNames, revoked, kubernetesTokenReview, ttl, pilotNamespace);
  }

  public CaOptions withWorkloadCertTtl(Duration ttl) {
    return new CaOptions(directory, trustDomain, plugin, ttl, maxWorkloadCertTtl,
        bindAddress, port, serverNames, revoked, kubernetesTokenReview, servingCertTtl,
        pilotNamespace);
  }

  public CaOptions withPort(int newPort) {
    return new CaOptions(directory, trustDomain, plugin, workloadCertTtl, maxWorkloadCertTtl,
        bindAddress, newPort, serverNames, revoked, kubernetesTokenReview, servingCertTtl,
        pilotNamespace);
  }

  public CaOptions withTrustDomain(String domain) {
    return new CaOptions(directory, domain, plugin, workloadCertTtl, maxWorkloadCertTtl,
        bindAddress, port, serverNames, revoked, kubernetesTokenReview, servingCertTtl,
        pilotNamespace);
  }

  public CaOptions withRevoked(Set<SpiffeId> identities) {
    return new CaOptions(directory, trustDomain, plugin, workloadCertTtl, maxWorkloadCertTtl,
        bindAddress, port, serverNames, identities, kubernetesTokenReview, servingCertTtl,
        pilotNamespace);
  }

  public CaOptions withPlugin(@Nullable PluginCa files) {
    return new CaOptions(directory, trustDomain, files, workloadCertTtl, maxWorkloadCertTtl,
        bindAddress, port, serverNames, revoked, kubernetesTokenReview, servingCertTtl,
        pilotNamespace);
  }
}
