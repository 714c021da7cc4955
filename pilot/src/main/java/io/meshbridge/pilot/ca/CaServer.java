package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.meshbridge.ca.api.IstioCertificateService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA's gRPC server: TLS always (join tokens are bearer secrets), with pilot's serving
 * certificate issued by the CA itself at start ({@code spiffe://<td>/ns/meshbridge-system/sa/pilot}
 * plus {@code ca.serverNames}). A client certificate is optional and accepted by the handshake
 * whatever it is: {@link PeerCertificateVerifier} checks it, naming the reason.
 *
 * <p>Start and stop are idempotent; the monitor guards only {@link #server}.
 */
public final class CaServer {

  private static final Logger logger = LoggerFactory.getLogger(CaServer.class);

  /** The serving certificate's lifetime; it is issued anew at every start. */
  static final Duration SERVING_CERT_TTL = Duration.ofDays(365);

  private final CertificateAuthority ca;
  private @Nullable Server server;

  public CaServer(CertificateAuthority ca) {
    this.ca = requireNonNull(ca, "ca");
  }

  /**
   * @throws CaConfigException naming the address if it cannot be bound
   */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    CaOptions options = ca.options();
    InetSocketAddress address = new InetSocketAddress(options.bindAddress(), options.port());
    Server built =
        NettyServerBuilder.forAddress(address)
            .sslContext(sslContext())
            .maxInboundMessageSize(IstioCertificateService.MAX_MESSAGE_BYTES)
            .maxInboundMetadataSize(16 * 1024)
            .handshakeTimeout(10, TimeUnit.SECONDS)
            .addService(CaGrpcService.bind(ca))
            .build();
    try {
      built.start();
    } catch (IOException e) {
      throw new CaConfigException("ca: cannot listen on " + address + ": " + e.getMessage(), e);
    }
    server = built;
    logger.info("CA server (TLS) listening on {}", built.getListenSockets());
  }

  /** The bound port, or -1 when not running. */
  public synchronized int port() {
    return server == null ? -1 : server.getPort();
  }

  public synchronized void stop() {
    Server running = server;
    server = null;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private SslContext sslContext() {
    KeyPair keys = Certificates.newKeyPair();
    SpiffeId identity = new SpiffeId(ca.options().trustDomain(), "meshbridge-system", "pilot");
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(ca.issueServing(keys, identity, SERVING_CERT_TTL));
    chain.addAll(ca.authority().chain());
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forServer(keys.getPrivate(), chain.toArray(X509Certificate[]::new)))
          .clientAuth(ClientAuth.OPTIONAL)
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .build();
    } catch (SSLException e) {
      throw new CaConfigException("ca: cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
