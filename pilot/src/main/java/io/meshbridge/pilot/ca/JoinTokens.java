package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One-time join tokens, kept in {@code join-tokens.json} in the CA's state directory (0600,
 * written atomically): per token only its SHA-256, the identity it is bound to, its expiry and
 * when it was used. A token works once, for its identity, before it expires; entries are pruned
 * {@link #RETAIN_AFTER_EXPIRY} after they expire.
 *
 * <p>The monitor guards {@link #entries} and the file together: a redeem and a create from two
 * gRPC or REST threads must not both rewrite the file from the same old state.
 */
public final class JoinTokens {

  static final String FILE = "join-tokens.json";
  static final String PREFIX = "mbj1.";
  public static final Duration MAX_TTL = Duration.ofDays(30);
  /** How long used and expired entries stay, so a late use is refused with its precise reason. */
  static final Duration RETAIN_AFTER_EXPIRY = Duration.ofDays(7);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  record Stored(String sha256, String identity, String expiresAt, @Nullable String usedAt) {}

  record StoredFile(List<Stored> tokens) {}

  private final Path file;
  private final Clock clock;
  private final Map<String, Stored> entries = new LinkedHashMap<>();

  /**
   * @throws CaConfigException naming the file if it exists but cannot be read
   */
  public JoinTokens(Path directory, Clock clock) {
    this.file = directory.resolve(FILE);
    this.clock = requireNonNull(clock, "clock");
    if (Files.exists(file)) {
      try {
        JSON.readValue(file.toFile(), StoredFile.class).tokens().forEach(s -> entries.put(s.sha256(), s));
      } catch (IOException e) {
        throw new CaConfigException(file + ": cannot read join tokens: " + e.getMessage(), e);
      }
    }
  }

  /** Whether {@code bearer} has the shape of a join token (else it may be a Kubernetes JWT). */
  static boolean looksLikeJoinToken(String bearer) {
    return bearer.startsWith(PREFIX);
  }

  /**
   * Creates and stores a token for {@code identity}.
   *
   * @throws IllegalArgumentException if {@code ttl} is not in (0, {@link #MAX_TTL}]
   * @throws java.io.UncheckedIOException if the state file cannot be written
   */
  public synchronized JoinToken create(SpiffeId identity, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: more than 0, at most " + MAX_TTL + ")");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant expiresAt = clock.instant().plus(ttl);
    Stored stored = new Stored(sha256(token), identity.uri(), expiresAt.toString(), null);
    Map<String, Stored> next = new LinkedHashMap<>(entries);
    next.put(stored.sha256(), stored);
    persist(next);
    return new JoinToken(token, identity, expiresAt);
  }

  /**
   * Uses up {@code token} for {@code requested}; nothing is used up when it is refused.
   *
   * @throws CaRefusedException {@link Refusal#UNKNOWN_TOKEN}, {@link Refusal#TOKEN_ALREADY_USED},
   *     {@link Refusal#TOKEN_EXPIRED}, {@link Refusal#IDENTITY_MISMATCH} or {@link
   *     Refusal#INTERNAL} if the use cannot be recorded
   */
  public synchronized void redeem(String token, SpiffeId requested) {
    Stored stored = entries.get(sha256(token));
    if (stored == null) {
      throw new CaRefusedException(Refusal.UNKNOWN_TOKEN, "join token: not issued by this CA");
    }
    Instant now = clock.instant();
    if (stored.usedAt() != null) {
      throw new CaRefusedException(
          Refusal.TOKEN_ALREADY_USED, "join token for " + stored.identity() + ": used at " + stored.usedAt());
    }
    if (!now.isBefore(Instant.parse(stored.expiresAt()))) {
      throw new CaRefusedException(
          Refusal.TOKEN_EXPIRED, "join token for " + stored.identity() + ": expired at " + stored.expiresAt());
    }
    if (!stored.identity().equals(requested.uri())) {
      throw new CaRefusedException(
          Refusal.IDENTITY_MISMATCH,
          "csr: asks for " + requested + " (expected: " + stored.identity() + ", the join token's identity)");
    }
    Map<String, Stored> next = new LinkedHashMap<>(entries);
    next.put(stored.sha256(), new Stored(stored.sha256(), stored.identity(), stored.expiresAt(), now.toString()));
    try {
      persist(next);
    } catch (java.io.UncheckedIOException e) {
      throw new CaRefusedException(Refusal.INTERNAL, "cannot record the join token's use: " + e.getMessage(), e);
    }
  }

  /** Writes {@code next} without expired entries, then makes it current. */
  private void persist(Map<String, Stored> next) {
    Instant cutoff = clock.instant().minus(RETAIN_AFTER_EXPIRY);
    next.values().removeIf(s -> !cutoff.isBefore(Instant.parse(s.expiresAt())));
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(new StoredFile(new ArrayList<>(next.values()))));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(file + ": cannot write join tokens", e);
    }
    entries.clear();
    entries.putAll(next);
  }

  private static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
