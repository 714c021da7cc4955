package io.meshbridge.proxy.dataplane.tls;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.SanMatcher;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * PKIX validation against the trusted roots (the JDK's, which also checks validity dates), then
 * Envoy's {@code match_typed_subject_alt_names}: the peer's leaf must satisfy one matcher. A
 * failure names what was wrong; it ends the handshake.
 */
final class SanVerifyingTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager delegate;
  private final List<SanMatcher> matchers;

  SanVerifyingTrustManager(X509ExtendedTrustManager delegate, List<SanMatcher> matchers) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.matchers = List.copyOf(matchers);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
    checkSans(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    checkSans(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
    checkSans(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    checkSans(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
    checkSans(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    checkSans(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  private void checkSans(X509Certificate[] chain) throws CertificateException {
    if (matchers.isEmpty()) {
      return;
    }
    List<? extends List<?>> sans = sans(chain[0]);
    for (SanMatcher m : matchers) {
      if (m.matches(sans)) {
        return;
      }
    }
    throw new CertificateException(
        "peer certificate SANs " + describe(sans) + " match none of " + matchers);
  }

  /** The leaf's SANs as {@code [tag, value]} pairs, empty when it has none. */
  static List<? extends List<?>> sans(X509Certificate leaf) {
    try {
      Collection<List<?>> all = leaf.getSubjectAlternativeNames();
      return all == null ? List.of() : List.copyOf(all);
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /** The first URI SAN of {@code leaf}, or null. */
  static @org.jspecify.annotations.Nullable String uriSan(X509Certificate leaf) {
    for (List<?> san : sans(leaf)) {
      if (san.size() >= 2 && Integer.valueOf(6).equals(san.get(0))
          && san.get(1) instanceof String uri) {
        return uri;
      }
    }
    return null;
  }

  private static String describe(List<? extends List<?>> sans) {
    return sans.stream().map(s -> s.size() >= 2 ? String.valueOf(s.get(1)) : "?").toList()
        .toString();
  }
}
