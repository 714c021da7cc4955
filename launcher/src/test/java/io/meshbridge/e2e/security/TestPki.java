package io.meshbridge.e2e.security;

import io.meshbridge.pilot.ca.Certificates;
import io.meshbridge.pilot.ca.SigningAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.jspecify.annotations.Nullable;

/**
 * Certificates made in the test (pilot's {@link Certificates}, BouncyCastle): CAs of its own, or
 * pilot's root read from its CA directory; PEM files; JDK TLS contexts and a raw HTTPS GET.
 */
final class TestPki {

  /** A leaf certificate with its key, and the chain above it (the issuer's certificate). */
  record Issued(PrivateKey key, X509Certificate certificate, SigningAuthority issuer) {}

  /** A new self-signed root CA, {@code O=meshbridge-test, CN=<name>}. */
  static SigningAuthority newCa(String name) {
    KeyPair keys = Certificates.newKeyPair();
    Instant now = Instant.now();
    X509Certificate root = Certificates.selfSignedRoot(
        keys, "meshbridge-test", name, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)));
    return new SigningAuthority(keys.getPrivate(), List.of(root), List.of(root));
  }

  /** A CA from PEM files, e.g. pilot's {@code root-cert.pem} and {@code root-key.pem}. */
  static SigningAuthority readCa(Path certFile, Path keyFile) {
    X509Certificate cert = (X509Certificate) readPem(certFile);
    PrivateKey key = (PrivateKey) readPem(keyFile);
    return new SigningAuthority(key, List.of(cert), List.of(cert));
  }

  /** A leaf signed by {@code ca}, valid for an hour, with these SANs (DNS or URI). */
  static Issued leaf(SigningAuthority ca, GeneralName... sans) {
    KeyPair keys = Certificates.newKeyPair();
    Instant now = Instant.now();
    X509Certificate cert = Certificates.leaf(ca, keys.getPublic(), new GeneralNames(sans),
        now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
    return new Issued(keys.getPrivate(), cert, ca);
  }

  static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  static GeneralName uri(String uri) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
  }

  /**
   * Writes {@code objects} (certificates; keys as PKCS#8, {@code BEGIN PRIVATE KEY}, as {@code
   * openssl genpkey} does) to {@code file} as PEM; returns the file.
   */
  static Path writePem(Path file, Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        if (o instanceof PrivateKey key) {
          writer.writeObject(new JcaPKCS8Generator(key, null));
        } else {
          writer.writeObject(o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(file, out.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /**
   * A JDK TLS context presenting {@code own} (none when null) and trusting {@code trusted} (any
   * certificate when empty).
   */
  static SSLContext context(@Nullable Issued own, List<X509Certificate> trusted) {
    try {
      KeyManager[] keyManagers = null;
      if (own != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "test".toCharArray();
        keys.setKeyEntry("own", own.key(), password,
            new X509Certificate[] {own.certificate(), own.issuer().signingCertificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        keyManagers = kmf.getKeyManagers();
      }
      TrustManager[] trustManagers;
      if (trusted.isEmpty()) {
        trustManagers = new TrustManager[] {new TrustAll()};
      } else {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
          roots.setCertificateEntry("root-" + i, trusted.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(roots);
        trustManagers = tmf.getTrustManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }

  /**
   * {@code GET path} over TLS with {@code context} to {@code 127.0.0.1:port} on a new connection;
   * the response status.
   *
   * @throws IOException if the handshake fails or the server closes before answering
   */
  static int httpsGet(SSLContext context, int port, String authority, String path)
      throws IOException {
    try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      tls.setSoTimeout(5000);
      tls.startHandshake();
      OutputStream out = tls.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + authority
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = tls.getInputStream();
      byte[] head = new byte[12]; // "HTTP/1.1 200"
      int read = 0;
      while (read < head.length) {
        int n = in.read(head, read, head.length - read);
        if (n < 0) {
          throw new IOException("closed after " + read + " bytes, before a status line");
        }
        read += n;
      }
      return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    }
  }

  private static Object readPem(Path file) {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
      if (o instanceof X509CertificateHolder holder) {
        return new JcaX509CertificateConverter().getCertificate(holder);
      } else if (o instanceof PEMKeyPair pair) {
        return keys.getPrivateKey(pair.getPrivateKeyInfo());
      } else if (o instanceof PrivateKeyInfo info) {
        return keys.getPrivateKey(info);
      }
      throw new IllegalStateException(file + ": not a certificate or key: " + o);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  /** Trusts every server (the tests check the server's side of a handshake). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private TestPki() {}
}
