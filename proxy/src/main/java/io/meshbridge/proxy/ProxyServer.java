package io.meshbridge.proxy;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.admin.AdminServer;
import io.meshbridge.proxy.bootstrap.ProxyBootstrap;
import io.meshbridge.proxy.dataplane.DataPlaneOptions;
import io.meshbridge.proxy.dataplane.NettyDataPlane;
import io.meshbridge.proxy.dns.DnsResolver;
import io.meshbridge.proxy.dns.DnsResolvingDataPlane;
import io.meshbridge.proxy.identity.IdentityProvider;
import io.meshbridge.proxy.identity.IdentitySettings;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.xds.BackoffPolicy;
import io.meshbridge.proxy.xds.XdsChannelFactory;
import io.meshbridge.proxy.xds.XdsProxyRuntime;
import io.meshbridge.proxy.xds.XdsSnapshot;
import io.meshbridge.proxy.xds.XdsStatus;
import io.meshbridge.proxy.xds.XdsTlsChannels;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole proxy, started from its bootstrap: the Netty data plane, the xDS client that feeds it,
 * and the admin endpoint ({@code /ready}, {@code /config_dump}, {@code /stats/prometheus}).
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(BootstrapLoader.load(Path.of("proxy.yaml")))) {
 *   ...
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(ProxyServer.class);

  private final NettyDataPlane dataPlane;
  private final DnsResolvingDataPlane resolving;
  private final XdsProxyRuntime xds;
  private final AdminServer admin;
  private final int adminPort;
  private final @Nullable IdentityProvider identity;
  /** The local app's health as last set (see setInboundHealthy); read by the admin /ready. */
  private final AtomicBoolean inboundHealthy;

  private ProxyServer(
      NettyDataPlane dataPlane,
      DnsResolvingDataPlane resolving,
      XdsProxyRuntime xds,
      AdminServer admin,
      int adminPort,
      @Nullable IdentityProvider identity,
      AtomicBoolean inboundHealthy) {
    this.identity = identity;
    this.inboundHealthy = inboundHealthy;
    this.dataPlane = dataPlane;
    this.resolving = resolving;
    this.xds = xds;
    this.admin = admin;
    this.adminPort = adminPort;
  }

  /** Starts a proxy with the default data plane options. */
  public static ProxyServer start(ProxyBootstrap bootstrap) {
    return start(bootstrap, DataPlaneOptions.DEFAULTS);
  }

  /**
   * Starts the data plane, the xDS client and the admin endpoint; returns at once, before the first
   * config arrives.
   *
   * @throws IllegalStateException if the admin address cannot be bound (nothing is left running)
   * @throws IllegalArgumentException if the node metadata for the identity provider is bad
   */
  public static ProxyServer start(ProxyBootstrap bootstrap, DataPlaneOptions options) {
    return start(bootstrap, options, null);
  }

  /**
   * As {@link #start(ProxyBootstrap, DataPlaneOptions)}, first serving {@code cached} (from {@link
   * #xdsSnapshot()}, e.g. of an earlier run) when given: converted as pilot's responses are and
   * applied before the first connect, so the listeners bind and {@link #ready()} is true without
   * pilot; on connect the held versions go in delta's {@code initial_resource_versions}, and what
   * pilot sends replaces them. A snapshot that does not convert whole is logged and ignored (the
   * proxy then waits for pilot); it is never half-applied.
   */
  public static ProxyServer start(
      ProxyBootstrap bootstrap, DataPlaneOptions options, @Nullable XdsSnapshot cached) {
    requireNonNull(bootstrap, "bootstrap");
    requireNonNull(options, "options");
    StatsRegistry stats = new StatsRegistry();
    Optional<IdentitySettings> identitySettings = IdentitySettings.fromNode(bootstrap.node());
    NettyDataPlane dataPlane = new NettyDataPlane(stats, options);
    // The identity provider serves the `default` secret (sds-grpc) to the data plane.
    // Pilot is trusted by MESHBRIDGE_CA_ROOT_FILE plus ROOTCA's roots (xDS and CA ports alike).
    Supplier<List<X509Certificate>> rootCa = () -> {
      TlsSecret roots = dataPlane.tlsContexts().adsSecrets().get("ROOTCA");
      return roots == null ? List.of() : roots.trustedCas();
    };
    IdentityProvider identity = identitySettings
        .map(s -> IdentityProvider.create(s, dataPlane::updateLocalSecret, stats, rootCa))
        .orElse(null);
    if (identity != null) {
      identity.start();
    }
    // STRICT_DNS clusters are resolved in front of the data plane; closing it closes both.
    DnsResolvingDataPlane resolving =
        new DnsResolvingDataPlane(dataPlane, DnsResolver.system(), stats);
    XdsProxyRuntime xds = XdsProxyRuntime.start(bootstrap, resolving, stats,
        xdsChannels(bootstrap, identitySettings, identity, rootCa), BackoffPolicy.DEFAULT, cached);
    AtomicBoolean inboundHealthy = new AtomicBoolean(true);
    AdminServer admin =
        new AdminServer(
            bootstrap.adminAddress().host(),
            bootstrap.adminAddress().port(),
            stats,
            xds::configDumpJson,
            () -> xds.ready() && inboundHealthy.get());
    int adminPort;
    try {
      adminPort = admin.start();
    } catch (RuntimeException e) {
      xds.close();
      if (identity != null) {
        identity.close();
      }
      resolving.close();
      throw e;
    }
    logger.info(
        "proxy {} started ({} transport); admin on {}:{}; xDS servers {}",
        bootstrap.node().getId(),
        dataPlane.transportName(),
        bootstrap.adminAddress().host(),
        adminPort,
        bootstrap.xdsServers());
    return new ProxyServer(dataPlane, resolving, xds, admin, adminPort, identity, inboundHealthy);
  }

  /** Plaintext, or mTLS with the identity provider's certificate when the xds cluster has TLS. */
  private static XdsChannelFactory xdsChannels(ProxyBootstrap bootstrap,
      Optional<IdentitySettings> settings, @Nullable IdentityProvider identity,
      Supplier<List<X509Certificate>> rootCa) {
    if (!bootstrap.xdsTls()) {
      return XdsChannelFactory.plaintext(bootstrap.xdsConnectTimeout());
    }
    if (identity == null || settings.isEmpty()) {
      throw new IllegalArgumentException("static_resources.clusters[xds].transport_socket: TLS to"
          + " pilot needs an identity (expected: node.metadata.MESHBRIDGE_CA_ADDRESS)");
    }
    return XdsTlsChannels.mtls(bootstrap.xdsConnectTimeout(), identity::current,
        settings.get().caRootFile(), rootCa);
  }

  /** The port the admin endpoint is bound to (useful when the bootstrap asked for port 0). */
  public int adminPort() {
    return adminPort;
  }

  /** True once the first complete config from pilot has been applied. */
  public boolean ready() {
    return xds.ready();
  }

  /**
   * The xDS client's state now (connected, accepted versions per type, the last NACK), for callers
   * in this JVM; the admin endpoint's {@code /config_dump} and {@code xds_connected} say the same.
   */
  public XdsStatus xdsStatus() {
    return xds.status();
  }

  /**
   * What the xDS client accepted (per type, the Envoy resources with their versions), to {@link
   * XdsSnapshot#toBytes() save} and {@link #start(ProxyBootstrap, DataPlaneOptions, XdsSnapshot)
   * start with} later; empty before the first complete config.
   */
  public Optional<XdsSnapshot> xdsSnapshot() {
    return xds.snapshot();
  }

  /**
   * Tells the proxy whether the local app is healthy (default: healthy). While it is not, the
   * endpoints of the inbound clusters ({@code inbound|<port>||}) are unhealthy, so inbound requests
   * are answered 503 with flag {@code UH} instead of being sent to the app, and the admin {@code
   * /ready} answers 503. {@link #ready()} still says only whether the config is there. Any thread.
   */
  public void setInboundHealthy(boolean healthy) {
    inboundHealthy.set(healthy);
    xds.setInboundHealthy(healthy);
  }

  /** The data plane, e.g. to ask where a listener is bound. */
  public NettyDataPlane dataPlane() {
    return dataPlane;
  }

  /** Stops the xDS client, the admin endpoint, then the data plane (draining, bounded). */
  @Override
  public void close() {
    xds.close();
    admin.close();
    if (identity != null) {
      identity.close();
    }
    resolving.close(); // and the data plane
  }
}
