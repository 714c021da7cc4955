package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pilot's TLS port (15012): the CA service and, when given, the xDS services (authenticated by
 * the client certificate, see {@code ClientCertificateAuth}). TLS always, with pilot's serving
 * certificate from its own CA ({@link CaOptions#pilotIdentity()} plus {@link
 * CaOptions#servingNames()}), renewed at 80 % of its lifetime or when the root signing it changes,
 * without a restart: the next handshake gets the new one. A client certificate is optional and
 * accepted by the handshake whatever it is: {@link PeerCertificateVerifier} checks it, naming the
 * reason.
 *
 * <p>Every minute {@link #refresh} ends a root overlap that is over and renews the serving
 * certificate when due; it also runs at the instant an overlap ends. Start and stop are idempotent; the monitor guards {@link #server}, {@link
 * #timer} and the renewal.
 */
public final class CaServer {

  private static final Logger logger = LoggerFactory.getLogger(CaServer.class);

  /** Enough for xDS requests (grpc's default); the CA refuses CSRs above 64 KiB itself. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 4 << 20;

  private final CertificateAuthority ca;
  private final List<ServerServiceDefinition> xdsServices;
  private final ServingKeyManager keys = new ServingKeyManager();
  private @Nullable Server server;
  private @Nullable ScheduledExecutorService timer;

  /** The CA service only. */
  public CaServer(CertificateAuthority ca) {
    this(ca, List.of());
  }

  /** The CA service and {@code xdsServices}, which authenticate their callers themselves. */
  public CaServer(CertificateAuthority ca, List<ServerServiceDefinition> xdsServices) {
    this.ca = requireNonNull(ca, "ca");
    this.xdsServices = List.copyOf(xdsServices);
    ca.onTrustChanged(this::renewServing);
    ca.onTrustChanged(this::scheduleOverlapEnd);
  }

  /**
   * @throws CaConfigException naming the address if it cannot be bound
   */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    renewServing();
    CaOptions options = ca.options();
    InetSocketAddress address = new InetSocketAddress(options.bindAddress(), options.port());
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .sslContext(sslContext())
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .maxInboundMetadataSize(16 * 1024)
            .handshakeTimeout(10, TimeUnit.SECONDS)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addService(CaGrpcService.bind(ca));
    xdsServices.forEach(builder::addService);
    Server built = builder.build();
    try {
      built.start();
    } catch (IOException e) {
      throw new CaConfigException("ca: cannot listen on " + address + ": " + e.getMessage(), e);
    }
    server = built;
    ScheduledExecutorService refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meshbridge-ca-refresh");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(this::refreshLogged, 1, 1, TimeUnit.MINUTES);
    timer = refresher;
    scheduleOverlapEnd(); // a restart during an overlap
    logger.info(
        "CA server (TLS{}) listening on {}",
        xdsServices.isEmpty() ? "" : ", with xDS for mesh client certificates",
        built.getListenSockets());
  }

  /** The bound port, or -1 when not running. */
  public synchronized int port() {
    return server == null ? -1 : server.getPort();
  }

  /** The serving certificate new handshakes get; null before {@link #start}. */
  public @Nullable X509Certificate servingCertificate() {
    ServingKeyManager.Entry entry = keys.current();
    return entry == null ? null : entry.leaf();
  }

  /**
   * Ends a root overlap that is over (the CA then tells every listener), and renews the serving
   * certificate once 80 % of its lifetime has passed.
   */
  public void refresh() {
    ca.refresh();
    Instant due = keys.renewAt();
    if (due != null && !ca.clock().instant().isBefore(due)) {
      renewServing();
    }
  }

  public synchronized void stop() {
    ScheduledExecutorService refresher = timer;
    timer = null;
    if (refresher != null) {
      refresher.shutdownNow();
    }
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

  private void refreshLogged() {
    try {
      refresh();
    } catch (RuntimeException e) {
      logger.error("ca: refreshing the root overlap or the serving certificate failed", e);
    }
  }

  /**
   * Ends a root overlap at its instant rather than at the next minute's check: a short overlap
   * (tests) ends when it says, and the old root is not trusted a minute longer than asked.
   */
  private synchronized void scheduleOverlapEnd() {
    Instant ends = ca.overlapEnds();
    ScheduledExecutorService refresher = timer;
    if (ends == null || refresher == null) {
      return;
    }
    long delayMillis = Math.max(0, Duration.between(ca.clock().instant(), ends).toMillis());
    refresher.schedule(this::refreshLogged, delayMillis, TimeUnit.MILLISECONDS);
  }

  private synchronized void renewServing() {
    KeyPair pair = Certificates.newKeyPair();
    List<X509Certificate> chain =
        ca.issueServing(pair, ca.options().pilotIdentity(), ca.options().servingCertTtl());
    keys.set(pair.getPrivate(), chain);
    logger.info(
        "ca: serving certificate for {} issued by {}, valid until {}",
        ca.options().servingNames(),
        chain.get(0).getIssuerX500Principal(),
        chain.get(0).getNotAfter().toInstant());
  }

  private SslContext sslContext() {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(keys))
          .clientAuth(ClientAuth.OPTIONAL)
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .build();
    } catch (SSLException e) {
      throw new CaConfigException("ca: cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
