package io.meshbridge.proxy.identity;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's mesh identity, served as the {@code default} secret (cluster {@code sds-grpc}). At
 * start it reuses a still valid identity from the identity directory, else it makes an EC P-256
 * key and sends a CSR authenticated by the join or service-account token. It renews at {@code
 * rotation} of the certificate's lifetime (counted from when it was received, if later than its
 * notBefore; at least {@link #MIN_RENEWAL_DELAY} later) with a new key, authenticated by the current certificate
 * (mTLS), and stores each new identity (0600, atomically) before serving it. A failure is logged,
 * counted and retried with backoff (1 s doubling to 5 min); the current identity keeps serving.
 * All work runs on one thread of its own.
 */
public final class IdentityProvider implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IdentityProvider.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);
  /** The soonest a renewal is scheduled after a certificate is served (no renewal loop). */
  static final Duration MIN_RENEWAL_DELAY = Duration.ofSeconds(1);

  private final IdentitySettings settings;
  private final CertificateSigner signer;
  private final Consumer<TlsSecret> publish;
  private final Clock clock;
  private final @Nullable IdentityFile file;
  private final LongAdder issued;
  private final LongAdder failures;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("meshbridge-identity", true));
  private Duration retry = FIRST_RETRY; // confined to the executor
  private volatile @Nullable TlsSecret current;

  /**
   * The provider for {@code settings}, asking pilot's CA over gRPC with TLS.
   *
   * @param rootCa the {@code ROOTCA} roots now (empty before pilot sent them), trusted for the CA
   *     next to {@code MESHBRIDGE_CA_ROOT_FILE}
   */
  public static IdentityProvider create(IdentitySettings settings, Consumer<TlsSecret> publish,
      StatsRegistry stats, Supplier<List<X509Certificate>> rootCa) {
    return new IdentityProvider(settings,
        new GrpcCertificateSigner(settings.ca(), new MeshTrustManager(settings.caRootFile(), rootCa)),
        publish, stats, Clock.systemUTC());
  }

  IdentityProvider(IdentitySettings settings, CertificateSigner signer,
      Consumer<TlsSecret> publish, StatsRegistry stats, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.signer = requireNonNull(signer, "signer");
    this.publish = requireNonNull(publish, "publish");
    this.clock = requireNonNull(clock, "clock");
    this.file = settings.identityDir() == null ? null : new IdentityFile(settings.identityDir());
    this.issued = stats.counter("identity_certificates_issued_total",
        "Workload certificates received from the CA.", Map.of());
    this.failures = stats.counter("identity_certificate_failures_total",
        "Failed certificate requests (each is retried).", Map.of());
    stats.gauge("identity_certificate_expiry_seconds",
        "Seconds since the epoch when the current certificate expires.", Map.of(),
        () -> {
          TlsSecret s = current;
          return s == null ? 0 : s.chain().get(0).getNotAfter().getTime() / 1000;
        });
  }

  /** Loads or requests the identity, then keeps it renewed; returns at once. */
  public void start() {
    executor.execute(this::initial);
  }

  /** The identity now, or null before the first one arrived. */
  public @Nullable TlsSecret current() {
    return current;
  }

  /** Stops renewing; waits (up to 10 s) for a request in flight to finish writing. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The identity provider did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void initial() {
    TlsSecret stored = file == null ? null : file.load(clock.instant()).orElse(null);
    if (stored != null && matches(stored)) {
      log.info("Reusing the identity {} from {} (valid until {})", settings.spiffeId(),
          file.path(), stored.chain().get(0).getNotAfter().toInstant());
      serve(stored, stored.chain().get(0).getNotBefore().toInstant());
      return;
    }
    request();
  }

  private void request() {
    TlsSecret now = current;
    boolean renewal = now != null
        && now.chain().get(0).getNotAfter().toInstant().isAfter(clock.instant());
    try {
      String token = renewal ? null : token();
      KeyPair keys = Csr.newKey();
      List<X509Certificate> chain =
          signer.sign(Csr.pem(keys, settings.spiffeId()), token, renewal ? now : null);
      if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(keys.getPublic())) {
        throw new CertificateSigner.SignException(
            "the CA's chain does not start with a certificate for our key", null);
      }
      TlsSecret identity = TlsSecret.certificate("default", chain, keys.getPrivate());
      if (file != null) {
        file.store(identity);
      }
      issued.increment();
      log.info("Got a certificate for {} ({}, valid until {})", settings.spiffeId(),
          renewal ? "renewed with the current certificate" : "first, with the token",
          chain.get(0).getNotAfter().toInstant());
      retry = FIRST_RETRY;
      serve(identity, clock.instant());
    } catch (CertificateSigner.SignException | IOException | RuntimeException e) {
      failures.increment();
      log.warn("Certificate request for {} failed ({}); retrying in {} s", settings.spiffeId(),
          e.getMessage(), retry.toSeconds());
      executor.schedule(this::request, retry.toMillis(), TimeUnit.MILLISECONDS);
      retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }
  }

  /** Serves {@code identity} (received at {@code received}) and schedules its renewal. */
  private void serve(TlsSecret identity, Instant received) {
    current = identity;
    publish.accept(identity);
    Instant now = clock.instant();
    Duration delay = renewalDelay(identity.chain().get(0), received, now, settings.rotation());
    executor.schedule(this::request, delay.toMillis(), TimeUnit.MILLISECONDS);
    log.debug("Renewing {} at {}", settings.spiffeId(), now.plus(delay));
  }

  /**
   * How long from {@code now} until renewing {@code leaf}: at {@code rotation} of its remaining
   * lifetime when it was received, i.e. {@code start + rotation × (notAfter − start)} with {@code
   * start = max(notBefore, received)} (pilot backdates notBefore by a minute, which would make a
   * short-lived certificate due at once), and never sooner than {@link #MIN_RENEWAL_DELAY}.
   */
  static Duration renewalDelay(X509Certificate leaf, Instant received, Instant now,
      double rotation) {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant start = received.isAfter(notBefore) ? received : notBefore;
    long remaining = leaf.getNotAfter().getTime() - start.toEpochMilli();
    Instant renewAt = start.plusMillis((long) (Math.max(0, remaining) * rotation));
    Duration delay = Duration.between(now, renewAt);
    return delay.compareTo(MIN_RENEWAL_DELAY) < 0 ? MIN_RENEWAL_DELAY : delay;
  }

  /** Whether a stored identity is for the configured SPIFFE ID. */
  private boolean matches(TlsSecret stored) {
    try {
      return stored.chain().get(0).getSubjectAlternativeNames().stream()
          .anyMatch(san -> settings.spiffeId().equals(san.get(1)));
    } catch (java.security.cert.CertificateParsingException | NullPointerException e) {
      return false;
    }
  }

  private @Nullable String token() throws IOException {
    return settings.tokenFile() == null
        ? null
        : Files.readString(settings.tokenFile(), StandardCharsets.UTF_8).trim();
  }
}
