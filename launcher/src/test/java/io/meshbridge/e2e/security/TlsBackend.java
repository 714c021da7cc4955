package io.meshbridge.e2e.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * An external HTTPS service on loopback (the JDK's HttpsServer) with a certificate of a test CA:
 * answers every request 200 and keeps the SNI the client sent and the DNS SAN of its client
 * certificate. With a client CA it requires a client certificate of that CA (MUTUAL).
 */
final class TlsBackend implements AutoCloseable {

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<Optional<String>> lastSni = new AtomicReference<>(Optional.empty());
  private final AtomicReference<Optional<String>> lastClient =
      new AtomicReference<>(Optional.empty());

  private TlsBackend(HttpsServer server) {
    this.server = server;
  }

  /** Serves with {@code own}; requires a client certificate of {@code clientCa} unless null. */
  static TlsBackend start(TestPki.Issued own, @Nullable X509Certificate clientCa) {
    SSLContext context = TestPki.context(own, clientCa == null ? List.of() : List.of(clientCa));
    try {
      TlsBackend b = new TlsBackend(HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
      b.server.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = context.getDefaultSSLParameters();
          p.setNeedClientAuth(clientCa != null);
          params.setSSLParameters(p);
        }
      });
      b.server.createContext("/", b::handle);
      b.server.setExecutor(b.executor);
      b.server.start();
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("TLS backend: cannot listen", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    SSLSession session = ((HttpsExchange) exchange).getSSLSession();
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          lastSni.set(Optional.of(host.getAsciiName()));
        }
      }
    }
    lastClient.set(clientDnsName(session));
    requests.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    byte[] body = ("tls " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Optional<String> clientDnsName(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf
          && leaf.getSubjectAlternativeNames() != null) {
        return leaf.getSubjectAlternativeNames().stream()
            .filter(san -> Integer.valueOf(2).equals(san.get(0)))
            .map(san -> String.valueOf(san.get(1)))
            .findFirst();
      }
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty(); // no client certificate (SIMPLE)
    } catch (CertificateParsingException e) {
      throw new IllegalStateException("client certificate SANs", e);
    }
    return Optional.empty();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** How many requests it answered. */
  int requests() {
    return requests.get();
  }

  /** The SNI host name of the last request's connection, if it had one. */
  Optional<String> lastSni() {
    return lastSni.get();
  }

  /** The first DNS SAN of the last request's client certificate, if it had one. */
  Optional<String> lastClient() {
    return lastClient.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
