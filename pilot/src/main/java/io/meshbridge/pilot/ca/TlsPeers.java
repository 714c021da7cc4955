package io.meshbridge.pilot.ca;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/** The client certificate chain a TLS handshake proved, as the CA and the xDS port read it. */
public final class TlsPeers {

  /** The peer's X.509 chain, its own certificate first; empty without TLS or a client certificate. */
  public static List<X509Certificate> chain(@Nullable SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // no client certificate: authenticated otherwise, or refused
    }
  }

  private TlsPeers() {}
}
