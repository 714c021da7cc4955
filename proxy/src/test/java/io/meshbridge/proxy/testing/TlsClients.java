package io.meshbridge.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** JDK TLS clients with a test workload certificate, talking HTTP/1.1 over one socket. */
public final class TlsClients {

  private TlsClients() {}

  /** Presents {@code identity} (none when null) and trusts {@code root}. */
  public static SSLContext context(TestCa.Issued identity, X509Certificate root) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (identity != null) {
        keys.setKeyEntry("me", identity.keys().getPrivate(), new char[0],
            new Certificate[] {identity.certificate()});
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("root", root);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      javax.net.ssl.X509ExtendedKeyManager km =
          (javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0];
      context.init(new javax.net.ssl.KeyManager[] {identity == null ? km : new Always(km)},
          tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Presents its one certificate whatever issuers the server asks for (to test refusals). */
  private static final class Always extends javax.net.ssl.X509ExtendedKeyManager {
    private final javax.net.ssl.X509ExtendedKeyManager delegate;

    Always(javax.net.ssl.X509ExtendedKeyManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public String chooseEngineClientAlias(String[] types, java.security.Principal[] issuers,
        javax.net.ssl.SSLEngine engine) {
      return "me";
    }

    @Override
    public String chooseClientAlias(String[] types, java.security.Principal[] issuers,
        Socket socket) {
      return "me";
    }

    @Override
    public String[] getClientAliases(String type, java.security.Principal[] issuers) {
      return new String[] {"me"};
    }

    @Override
    public String[] getServerAliases(String type, java.security.Principal[] issuers) {
      return delegate.getServerAliases(type, issuers);
    }

    @Override
    public String chooseServerAlias(String type, java.security.Principal[] issuers,
        Socket socket) {
      return delegate.chooseServerAlias(type, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }

  /** A handshaken TLS connection to {@code host:port}. */
  public static SSLSocket connect(SSLContext context, String host, int port) throws IOException {
    Socket plain = new Socket(InetAddress.getByName(host), port);
    plain.setSoTimeout(20_000);
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
    s.startHandshake();
    return s;
  }

  /**
   * Sends {@code GET path} with keep-alive and returns the response head and body (a response with
   * Content-Length only).
   */
  public static String get(Socket s, String path) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: svc.shop.mesh\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
