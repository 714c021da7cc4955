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
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>Its trust ({@link CaTrust}: the signer, and during a root rotation the previous root) is one
 * immutable value in a volatile field, read by any gRPC thread; {@link #rotateRoot} and {@link
 * #refresh} replace it under this object's monitor, which guards only the CA directory's rotation
 * files and that replacement. Join tokens guard themselves.
 */
public final class CertificateAuthority {

  private static final Logger logger = LoggerFactory.getLogger(CertificateAuthority.class);

  /** The largest CSR accepted, in characters of PEM. */
  public static final int MAX_CSR_BYTES = IstioCertificateService.MAX_CSR_BYTES;

  /** Issued certificates start this much before "now", for clocks slightly behind pilot's. */
  static final Duration BACKDATE = Duration.ofMinutes(1);

  private final CaOptions options;
  private final JoinTokens joinTokens;
  private final @Nullable TokenReviewer tokenReviewer;
  private final Clock clock;
  private final CaMetrics metrics = new CaMetrics();
  private final List<Runnable> trustListeners = new CopyOnWriteArrayList<>();

  /** The trust and the verifier built from it, replaced together. */
  private record State(CaTrust trust, PeerCertificateVerifier verifier) {}

  private volatile State state;

  CertificateAuthority(
      CaOptions options,
      CaTrust trust,
      JoinTokens joinTokens,
      @Nullable TokenReviewer tokenReviewer,
      Clock clock) {
    this.options = requireNonNull(options, "options");
    this.joinTokens = requireNonNull(joinTokens, "joinTokens");
    this.tokenReviewer = tokenReviewer;
    this.clock = requireNonNull(clock, "clock");
    this.state = state(trust);
  }

  private State state(CaTrust trust) {
    return new State(trust, trust.verifier(options.trustDomain(), clock));
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
    CaTrust trust =
        plugin != null
            ? CaStore.pluginTrust(plugin, clock)
            : RootRotation.open(options.directory(), options.trustDomain(), clock);
    return new CertificateAuthority(
        options, trust, new JoinTokens(options.directory(), clock), tokenReviewer, clock);
  }

  public CaOptions options() {
    return options;
  }

  Clock clock() {
    return clock;
  }

  /** What signs workload certificates now. */
  public SigningAuthority authority() {
    return state.trust().signer();
  }

  /** Every root trusted now: the signer's, and during a rotation's overlap the previous one. */
  public List<X509Certificate> trustedRoots() {
    return state.trust().roots();
  }

  /** When the current root rotation's overlap ends; null when no rotation is under way. */
  public @Nullable Instant overlapEnds() {
    return state.trust().overlapEnds();
  }

  /** Runs {@code listener} after every change of the trusted roots (on the changing thread). */
  public void onTrustChanged(Runnable listener) {
    trustListeners.add(requireNonNull(listener, "listener"));
  }

  /**
   * Starts a root rotation (self-signed root only): a new root signs every certificate from now
   * on; the current one stays trusted, with the new one, for {@code overlap}, then is dropped.
   * Persisted in {@code ca.directory}, so a restart during the overlap keeps it.
   *
   * @return when the overlap ends
   * @throws IllegalStateException if a rotation is under way or the CA is a plug-in CA
   */
  public synchronized Instant rotateRoot(Duration overlap) {
    requireNonNull(overlap, "overlap");
    if (overlap.isNegative() || overlap.isZero()) {
      throw new IllegalArgumentException("overlap: " + overlap + " (expected: more than zero)");
    }
    if (options.plugin() != null) {
      throw new IllegalStateException(
          "ca.plugin: a plug-in CA's root is rotated by its files and ca.plugin.previousRootCerts"
              + " (pilot/README.md)");
    }
    Instant ends = state.trust().overlapEnds();
    if (ends != null) {
      throw new IllegalStateException("a root rotation is under way until " + ends);
    }
    Instant overlapEnds = clock.instant().plus(overlap);
    state = state(RootRotation.start(options.directory(), options.trustDomain(), clock, overlapEnds));
    trustListeners.forEach(Runnable::run);
    return overlapEnds;
  }

  /**
   * Ends a root rotation whose overlap is over (pilot calls this every minute; tests after moving
   * their clock).
   *
   * @return whether the trusted roots changed
   */
  public synchronized boolean refresh() {
    CaTrust trust = state.trust();
    Instant ends = trust.overlapEnds();
    if (ends == null || clock.instant().isBefore(ends)) {
      return false;
    }
    if (options.plugin() == null) {
      RootRotation.finish(options.directory());
    } else {
      logger.warn("root overlap over: ca.plugin.previousRootCerts no longer trusted (remove them from the config)");
    }
    state = state(CaTrust.of(trust.signer()));
    trustListeners.forEach(Runnable::run);
    return true;
  }

  /**
   * The identity a client certificate chain proves (trusted root, valid now, this trust domain,
   * not revoked); nothing logged or counted.
   *
   * @throws CaRefusedException naming the reason
   */
  public SpiffeId identityOf(List<X509Certificate> chain) {
    SpiffeId id = state.verifier().verify(chain);
    if (options.revoked().contains(id)) {
      throw new CaRefusedException(Refusal.REVOKED, id + ": listed in ca.revoked");
    }
    return id;
  }

  /**
   * Authenticates an xDS client by the certificate it proved in the TLS handshake: it must chain
   * to a trusted root at the CA's clock, carry one SPIFFE ID of this trust domain, and not be
   * revoked. A refusal is logged with {@code peer} and counted ({@code meshbridge.xds.refused.*}).
   *
   * @param chain the client's chain, its own certificate first; empty without one
   * @throws CaRefusedException naming the reason
   */
  public SpiffeId authenticatePeer(List<X509Certificate> chain, String peer) {
    try {
      if (chain.isEmpty()) {
        throw new CaRefusedException(
            Refusal.NO_CREDENTIALS, "no client certificate (expected: a mesh certificate)");
      }
      SpiffeId id = identityOf(chain);
      metrics.onPeerAuthenticated();
      return id;
    } catch (CaRefusedException e) {
      metrics.onPeerRefused(e.reason());
      logger.warn("xds: refused a stream from {}: {}", peer, e.getMessage());
      throw e;
    }
  }

  /**
   * Logs and counts ({@code meshbridge.xds.refused.<reason>}) an xDS stream refused after its
   * certificate authenticated it, for what it asked: e.g. a node claiming another identity.
   */
  public void peerRefused(CaRefusedException refusal, String peer) {
    requireNonNull(refusal, "refusal");
    metrics.onPeerRefused(refusal.reason());
    logger.warn("xds: refused a stream from {}: {}", peer, refusal.getMessage());
  }

  public JoinTokens joinTokens() {
    return joinTokens;
  }

  public CaMetrics metrics() {
    return metrics;
  }

  /** The root bundle workloads should trust, PEM. */
  public String rootsPem() {
    return Pem.encode(trustedRoots());
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
    SigningAuthority signer = state.trust().signer();
    X509Certificate leaf = issue(signer, csr.publicKey(), names(requested, List.of()), ttl);
    logger.info("ca: issued {} to {} until {}", requested, credentials.peer(), leaf.getNotAfter().toInstant());
    List<String> chain = new ArrayList<>();
    chain.add(Pem.encode(leaf));
    signer.chainAboveLeaf().forEach(c -> chain.add(Pem.encode(c)));
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
      allowed = state.verifier().verify(credentials.peerChain());
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
   * A certificate for pilot's own TLS port, with the chain above it: {@code identity} plus {@code
   * serverNames} (DNS names, or IP addresses where they parse as literals), signed by {@link
   * CaTrust#servingSigner()}.
   */
  List<X509Certificate> issueServing(KeyPair keys, SpiffeId identity, Duration ttl) {
    SigningAuthority signer = state.trust().servingSigner();
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(issue(signer, keys.getPublic(), names(identity, options.servingNames()), ttl));
    chain.addAll(signer.chain());
    return List.copyOf(chain);
  }

  private X509Certificate issue(
      SigningAuthority authority, PublicKey key, GeneralNames names, Duration ttl) {
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
