package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import io.meshbridge.ca.api.IstioCertificateService;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs workload CSRs: parses and checks the CSR, authenticates the caller (join token, client
 * certificate, or Kubernetes token), checks the identity it asks for against what the caller
 * proved and against {@code revoked}, and returns the PEM chain (leaf first, root last). Every
 * refusal is logged with its reason and counted.
 *
 * <p>Stateless but for the join tokens (which guard themselves), so any gRPC thread may call it.
 */
public final class CertificateAuthority {

  private static final Logger logger = LoggerFactory.getLogger(CertificateAuthority.class);

  /** The largest CSR accepted, in characters of PEM. */
  public static final int MAX_CSR_BYTES = IstioCertificateService.MAX_CSR_BYTES;

  /** Issued certificates start this much before "now", for clocks slightly behind pilot's. */
  static final Duration BACKDATE = Duration.ofMinutes(1);

  private final CaOptions options;
  private final SigningAuthority authority;
  private final JoinTokens joinTokens;
  private final PeerCertificateVerifier peerVerifier;
  private final @Nullable TokenReviewer tokenReviewer;
  private final Clock clock;
  private final CaMetrics metrics = new CaMetrics();

  CertificateAuthority(
      CaOptions options,
      SigningAuthority authority,
      JoinTokens joinTokens,
      @Nullable TokenReviewer tokenReviewer,
      Clock clock) {
    this.options = requireNonNull(options, "options");
    this.authority = requireNonNull(authority, "authority");
    this.joinTokens = requireNonNull(joinTokens, "joinTokens");
    this.tokenReviewer = tokenReviewer;
    this.clock = requireNonNull(clock, "clock");
    this.peerVerifier = new PeerCertificateVerifier(authority.roots(), options.trustDomain(), clock);
  }

  /**
   * Opens the CA in {@code options.directory()}: reads the plug-in CA, or reads (or on first
   * start creates) the self-signed root; reads the join tokens.
   *
   * @throws CaConfigException naming the file that is missing, unreadable or does not fit
   */
  public static CertificateAuthority open(
      CaOptions options, @Nullable TokenReviewer tokenReviewer, Clock clock) {
    PluginCa plugin = options.plugin();
    SigningAuthority authority =
        plugin != null
            ? CaStore.plugin(plugin)
            : CaStore.selfSigned(options.directory(), options.trustDomain(), clock);
    return new CertificateAuthority(
        options, authority, new JoinTokens(options.directory(), clock), tokenReviewer, clock);
  }

  public CaOptions options() {
    return options;
  }

  public SigningAuthority authority() {
    return authority;
  }

  public JoinTokens joinTokens() {
    return joinTokens;
  }

  public CaMetrics metrics() {
    return metrics;
  }

  /** The root bundle workloads should trust, PEM. */
  public String rootsPem() {
    return Pem.encode(authority.roots());
  }

  /**
   * Signs {@code csrPem} if {@code credentials} allow the identity it asks for.
   *
   * @param validitySeconds the requested lifetime, {@code 0} for the default
   * @return the PEM certificates, the new leaf first, the root last
   * @throws CaRefusedException naming the reason; it has been logged and counted
   */
  public List<String> sign(Credentials credentials, String csrPem, long validitySeconds) {
    try {
      List<String> chain = signChecked(credentials, csrPem, validitySeconds);
      metrics.onIssued();
      return chain;
    } catch (CaRefusedException e) {
      metrics.onRefused(e.reason());
      logger.warn("ca: refused a CSR from {}: {}", credentials.peer(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      metrics.onRefused(Refusal.INTERNAL);
      logger.error("ca: failed to sign a CSR from {}", credentials.peer(), e);
      throw new CaRefusedException(Refusal.INTERNAL, "the CA failed: " + e.getMessage(), e);
    }
  }

  private List<String> signChecked(Credentials credentials, String csrPem, long validitySeconds) {
    ParsedCsr csr = ParsedCsr.parse(csrPem, MAX_CSR_BYTES);
    Duration ttl = ttl(validitySeconds);
    SpiffeId requested = csr.identity();
    if (options.revoked().contains(requested)) {
      throw new CaRefusedException(Refusal.REVOKED, requested + ": listed in ca.revoked");
    }
    authenticate(credentials, requested);
    X509Certificate leaf = issue(csr.publicKey(), names(requested, List.of()), ttl);
    logger.info("ca: issued {} to {} until {}", requested, credentials.peer(), leaf.getNotAfter().toInstant());
    List<String> chain = new ArrayList<>();
    chain.add(Pem.encode(leaf));
    authority.chainAboveLeaf().forEach(c -> chain.add(Pem.encode(c)));
    return List.copyOf(chain);
  }

  /**
   * Proves the caller may have {@code requested} (which is not revoked): a join token if the
   * bearer token is one, else a Kubernetes token if TokenReview is on, else the client
   * certificate. A join token is used up only when everything else has passed.
   */
  private void authenticate(Credentials credentials, SpiffeId requested) {
    String bearer = credentials.bearerToken();
    SpiffeId allowed;
    if (bearer != null && JoinTokens.looksLikeJoinToken(bearer)) {
      joinTokens.redeem(bearer, requested);
      return;
    } else if (bearer != null && tokenReviewer != null) {
      allowed = tokenReviewer.review(bearer, options.trustDomain());
    } else if (!credentials.peerChain().isEmpty()) {
      allowed = peerVerifier.verify(credentials.peerChain());
    } else if (bearer != null) {
      throw new CaRefusedException(
          Refusal.UNKNOWN_TOKEN,
          "bearer token: not a join token, and ca.kubernetesTokenReview is off");
    } else {
      throw new CaRefusedException(
          Refusal.NO_CREDENTIALS, "no 'authorization: Bearer' token and no client certificate");
    }
    if (!allowed.equals(requested)) {
      throw new CaRefusedException(
          Refusal.IDENTITY_MISMATCH,
          "csr: asks for " + requested + " (expected: " + allowed + ", the caller's identity)");
    }
  }

  private Duration ttl(long validitySeconds) {
    if (validitySeconds == 0) {
      return options.workloadCertTtl();
    }
    Duration requested = Duration.ofSeconds(validitySeconds);
    if (validitySeconds < 0 || requested.compareTo(options.maxWorkloadCertTtl()) > 0) {
      throw new CaRefusedException(
          Refusal.BAD_VALIDITY,
          "validity_duration: " + validitySeconds + " s (expected: 0 for the default, or 1.."
              + options.maxWorkloadCertTtl().toSeconds() + ")");
    }
    return requested;
  }

  /**
   * A certificate for pilot's own CA server: {@code identity} plus {@code serverNames} (DNS names,
   * or IP addresses where they parse as literals).
   */
  X509Certificate issueServing(KeyPair keys, SpiffeId identity, Duration ttl) {
    return issue(keys.getPublic(), names(identity, options.serverNames()), ttl);
  }

  private X509Certificate issue(PublicKey key, GeneralNames names, Duration ttl) {
    Instant now = clock.instant();
    Instant notAfter = now.plus(ttl);
    Instant signerEnd = authority.signingCertificate().getNotAfter().toInstant();
    if (notAfter.isAfter(signerEnd)) {
      notAfter = signerEnd; // never outlive the signer
    }
    return Certificates.leaf(authority, key, names, now.minus(BACKDATE), notAfter);
  }

  private static GeneralNames names(SpiffeId identity, List<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri()));
    for (String host : hosts) {
      boolean ip = host.matches("[0-9.]+") || host.contains(":"); // IPv4 or IPv6 literal
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }
}
