package io.meshbridge.pilot.ca;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * Pilot's serving key and certificate, asked for by every TLS handshake, so a renewed certificate
 * applies to the next handshake without a restart (open connections keep theirs). Each
 * certificate has its own alias, so nothing keyed by alias can serve a stale one; the one before
 * stays answerable for a handshake that chose its alias just before a swap.
 */
final class ServingKeyManager extends X509ExtendedKeyManager {

  /** One serving certificate: its alias, key and chain (the leaf first). */
  record Entry(String alias, PrivateKey key, List<X509Certificate> chain) {
    Entry {
      chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
      return chain.get(0);
    }
  }

  // Replaced together by set(); read by handshakes on Netty's threads.
  private volatile @Nullable Entry current;
  private volatile @Nullable Entry before;
  private long serial; // touched only by set(), which CaServer calls under its monitor

  void set(PrivateKey key, List<X509Certificate> chain) {
    before = current;
    current = new Entry("pilot-serving-" + ++serial, key, chain);
  }

  @Nullable Entry current() {
    return current;
  }

  /** When the current certificate should be replaced: at 80 % of its lifetime. */
  @Nullable Instant renewAt() {
    Entry entry = current;
    if (entry == null) {
      return null;
    }
    Instant from = entry.leaf().getNotBefore().toInstant();
    Instant to = entry.leaf().getNotAfter().toInstant();
    return from.plus(java.time.Duration.between(from, to).multipliedBy(4).dividedBy(5));
  }

  private @Nullable Entry entry(@Nullable String alias) {
    Entry now = current;
    if (now != null && now.alias().equals(alias)) {
      return now;
    }
    Entry old = before;
    return old != null && old.alias().equals(alias) ? old : null;
  }

  /**
   * The current alias when its key fits {@code keyType} ({@code EC}, or {@code EC_EC} as some
   * engines ask): a TLS engine asks per key type and must not get an EC key for an RSA suite.
   */
  @Override
  public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    Entry now = current;
    if (now == null) {
      return null;
    }
    String algorithm = now.key().getAlgorithm();
    return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? now.alias() : null;
  }

  @Override
  public @Nullable String chooseEngineServerAlias(
      String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, null);
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(@Nullable String alias) {
    Entry entry = entry(alias);
    return entry == null ? null : entry.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(@Nullable String alias) {
    Entry entry = entry(alias);
    return entry == null ? null : entry.key();
  }

  @Override
  public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    String alias = chooseServerAlias(keyType, issuers, null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
    return null; // a server only
  }

  @Override
  public @Nullable String chooseClientAlias(
      String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return null;
  }
}
