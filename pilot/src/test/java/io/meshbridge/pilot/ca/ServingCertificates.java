package io.meshbridge.pilot.ca;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What pilot's TLS port presents to a new handshake, read with the JDK's own TLS client. It trusts
 * anything (tests move the CA's clock ahead of the JDK's); callers verify the signature.
 */
final class ServingCertificates {

  /** The leaf of a fresh handshake with {@code 127.0.0.1:port}. */
  static X509Certificate presented(int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAnything()}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** The DNS subject alternative names, in order. */
  static List<String> dnsNames(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(n -> n.get(0).equals(2))
        .map(n -> (String) n.get(1))
        .toList();
  }

  private static final class TrustingAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private ServingCertificates() {}
}
