package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.config.TlsSettings;
import io.meshbridge.proxy.config.TlsSettings.CertificateSource;
import io.meshbridge.proxy.config.TlsSettings.TrustSource;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Netty {@link SslContext}s from TLS settings and the current secrets: OpenSSL (BoringSSL
 * through netty-tcnative) when it loads on this platform, otherwise the JDK's TLS. Reads files and
 * parses keys: call it off the event loops.
 */
final class SslContexts {

  private static final Logger log = LoggerFactory.getLogger(SslContexts.class);

  /** The provider of every context, chosen (and logged) once. */
  static final SslProvider PROVIDER = provider();

  private SslContexts() {}

  private static SslProvider provider() {
    if (OpenSsl.isAvailable()) {
      log.info("TLS: OpenSSL ({}, netty-tcnative)", OpenSsl.versionString());
      return SslProvider.OPENSSL;
    }
    log.info("TLS: the JDK's, OpenSSL is not available here ({})",
        String.valueOf(OpenSsl.unavailabilityCause()));
    return SslProvider.JDK;
  }

  /** Why a context cannot be built (e.g. a secret has not arrived); names what is missing. */
  static final class TlsUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsUnavailableException(String message) {
      super(message);
    }
  }

  static SslContext server(DownstreamTlsConfig config, Function<SecretRef, @Nullable TlsSecret> secrets)
      throws TlsUnavailableException {
    TlsSettings s = config.settings();
    KeyMaterial own = keyMaterial(java.util.Objects.requireNonNull(s.certificate()), secrets);
    SslContextBuilder builder = SslContextBuilder.forServer(own.key(), own.chain());
    TrustManager trust = trustManager(s, secrets);
    if (trust != null) {
      builder.trustManager(trust);
      builder.clientAuth(config.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
    }
    return build(builder, s);
  }

  static SslContext client(UpstreamTlsConfig config, Function<SecretRef, @Nullable TlsSecret> secrets)
      throws TlsUnavailableException {
    TlsSettings s = config.settings();
    SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
    if (s.certificate() != null) {
      KeyMaterial own = keyMaterial(s.certificate(), secrets);
      builder.keyManager(own.key(), own.chain());
    }
    TrustManager trust = trustManager(s, secrets);
    builder.trustManager(trust != null ? trust : InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]);
    return build(builder, s);
  }

  private static SslContext build(SslContextBuilder builder, TlsSettings s)
      throws TlsUnavailableException {
    builder.sslProvider(PROVIDER)
        .protocols(s.minimumVersion().equals("TLSv1.3")
            ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"});
    if (!s.alpn().isEmpty()) {
      builder.applicationProtocolConfig(new ApplicationProtocolConfig(
          ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          s.alpn()));
    }
    try {
      return builder.build();
    } catch (SSLException | RuntimeException e) {
      throw new TlsUnavailableException("cannot build the TLS context: " + e);
    }
  }

  private record KeyMaterial(PrivateKey key, X509Certificate[] chain) {}

  private static KeyMaterial keyMaterial(
      CertificateSource source, Function<SecretRef, @Nullable TlsSecret> secrets)
      throws TlsUnavailableException {
    if (source instanceof CertificateSource.Sds sds) {
      TlsSecret secret = secret(sds.secret(), secrets);
      if (secret.key() == null) {
        throw new TlsUnavailableException("secret '" + secret.name() + "' has no tls_certificate");
      }
      return new KeyMaterial(secret.key(), secret.chain().toArray(new X509Certificate[0]));
    }
    CertificateSource.Files files = (CertificateSource.Files) source;
    try {
      List<X509Certificate> chain = Pem.certificates(read(files.chainFile()));
      return new KeyMaterial(Pem.privateKey(read(files.keyFile())),
          chain.toArray(new X509Certificate[0]));
    } catch (Pem.PemException e) {
      throw new TlsUnavailableException("certificate files " + files + ": " + e.getMessage());
    }
  }

  private static @Nullable TrustManager trustManager(
      TlsSettings s, Function<SecretRef, @Nullable TlsSecret> secrets)
      throws TlsUnavailableException {
    TrustSource source = s.trust();
    if (source == null) {
      return null;
    }
    KeyStore roots = null;
    try {
      if (source instanceof TrustSource.Sds sds) {
        TlsSecret secret = secret(sds.secret(), secrets);
        if (secret.trustedCas().isEmpty()) {
          throw new TlsUnavailableException("secret '" + secret.name() + "' has no trusted_ca");
        }
        roots = keyStore(secret.trustedCas());
      } else if (source instanceof TrustSource.File file) {
        roots = keyStore(Pem.certificates(read(file.path())));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(roots); // null = the JDK's default roots
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          return new SanVerifyingTrustManager(x509, s.sanMatchers());
        }
      }
      throw new TlsUnavailableException("no X509 trust manager in the JDK");
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsUnavailableException("cannot build the trust manager: " + e);
    } catch (Pem.PemException e) {
      throw new TlsUnavailableException("trusted_ca " + source + ": " + e.getMessage());
    }
  }

  private static KeyStore keyStore(List<X509Certificate> roots)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      store.setCertificateEntry("root-" + i, roots.get(i));
    }
    return store;
  }

  private static TlsSecret secret(SecretRef ref, Function<SecretRef, @Nullable TlsSecret> secrets)
      throws TlsUnavailableException {
    TlsSecret secret = secrets.apply(ref);
    if (secret == null) {
      throw new TlsUnavailableException("secret '" + ref.name() + "' ("
          + (ref.local() ? "identity provider" : "ADS") + ") is not available yet");
    }
    return secret;
  }

  private static String read(String file) throws TlsUnavailableException {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new TlsUnavailableException("cannot read '" + file + "': " + e);
    }
  }
}
