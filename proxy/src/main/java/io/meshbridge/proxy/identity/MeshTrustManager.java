package io.meshbridge.proxy.identity;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.dataplane.tls.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the proxy verifies pilot (its xDS port and its CA port): PKIX against the roots in {@code
 * MESHBRIDGE_CA_ROOT_FILE} plus those of the {@code ROOTCA} secret, both read at each handshake,
 * so a root rotation is followed once pilot sent the new root. Verifies servers only.
 */
public final class MeshTrustManager extends X509ExtendedTrustManager {
  private final Path rootFile;
  private final Supplier<List<X509Certificate>> rootCa;

  /**
   * @param rootFile {@code MESHBRIDGE_CA_ROOT_FILE}
   * @param rootCa the ROOTCA roots now (empty before pilot sent them)
   */
  public MeshTrustManager(Path rootFile, Supplier<List<X509Certificate>> rootCa) {
    this.rootFile = requireNonNull(rootFile, "rootFile");
    this.rootCa = requireNonNull(rootCa, "rootCa");
  }

  private X509ExtendedTrustManager delegate() throws CertificateException {
    try {
      List<X509Certificate> roots = new ArrayList<>(
          Pem.certificates(Files.readString(rootFile, StandardCharsets.UTF_8)));
      roots.addAll(rootCa.get());
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < roots.size(); i++) {
        store.setCertificateEntry("root-" + i, roots.get(i));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
      f.init(store);
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new CertificateException("no X509 trust manager");
    } catch (IOException | GeneralSecurityException | Pem.PemException e) {
      throw new CertificateException("cannot load the mesh roots from " + rootFile + " and ROOTCA: "
          + e, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate().checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the mesh trust manager verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the mesh trust manager verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the mesh trust manager verifies servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
