package io.meshbridge.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for tests from the self-signed fixture {@code tls/echo.p12} (see its README): one context
 * that both serves that certificate and trusts it.
 */
public final class TestTls {

  private static final char[] PASSWORD = "changeit".toCharArray();

  private TestTls() {}

  public static SSLContext context() {
    try (InputStream in = TestTls.class.getResourceAsStream("/tls/echo.p12")) {
      if (in == null) {
        throw new IllegalStateException("tls/echo.p12 not on the test class path");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A TLS client connected to 127.0.0.1:{@code port} that sends {@code serverName} as SNI (none
   * when {@code null}) and checks the certificate matches it; handshake done.
   */
  public static SSLSocket connect(SSLContext context, int port, String serverName)
      throws IOException {
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
    plain.setSoTimeout(20_000);
    SSLSocket s =
        (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, port, true);
    SSLParameters params = s.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName(serverName)));
    params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name serverName
    s.setSSLParameters(params);
    s.startHandshake();
    return s;
  }
}
