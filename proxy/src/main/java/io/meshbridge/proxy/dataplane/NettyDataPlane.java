package io.meshbridge.proxy.dataplane;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.dataplane.tls.TlsConfigs;
import io.meshbridge.proxy.dataplane.tls.TlsContexts;
import io.meshbridge.proxy.dataplane.tls.TlsStats;
import io.meshbridge.proxy.dataplane.tls.UpstreamTls;
import io.meshbridge.proxy.dataplane.h2.Http2Upstreams;
import io.meshbridge.proxy.dataplane.http.Worker;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.snapshot.ClusterEnvironment;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.tcp.TcpConnector;
import io.meshbridge.proxy.dataplane.tcp.TcpListener;
import io.meshbridge.proxy.dataplane.upstream.BootstrapConnector;
import io.meshbridge.proxy.dataplane.upstream.OffloadingResolverGroup;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane on Netty: HTTP/1.1 listeners proxying to round-robin balanced, pooled upstream
 * connections. The whole config is one immutable {@link Snapshot} behind an atomic reference; each
 * request reads it once. {@link #apply} calls are serialized on a control thread.
 */
public final class NettyDataPlane implements DataPlane {

  private static final Logger log = LoggerFactory.getLogger(NettyDataPlane.class);

  private final DataPlaneOptions options;
  private final Transport transport;
  private final EventLoopGroup boss;
  private final EventLoopGroup workerGroup;
  private final Map<EventLoop, Worker> workers;
  private final ExecutorService dns;
  private final OffloadingResolverGroup resolver;
  private final ScheduledExecutorService control;
  private volatile @Nullable Thread controlThread;
  private final StatsCache stats;
  /** Outlier detection timers run on the control thread, which also builds snapshots. */
  private final ClusterEnvironment clusterEnvironment;
  private final ListenerManager listeners;
  private final TcpListener tcp;
  private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);
  private final TlsStats tlsStats;
  /** Written on the control thread only, before the snapshot that needs the contexts. */
  private volatile TlsContexts tls = TlsContexts.EMPTY;
  /** The last config applied, confined to the control thread (for secret updates). */
  private ProxyConfig lastConfig = ProxyConfig.EMPTY;
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private volatile Consumer<Channel> acceptHook = ch -> {};

  // Confined to the control thread.
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
  private boolean closed;

  public NettyDataPlane(StatsRegistry stats) {
    this(stats, DataPlaneOptions.DEFAULTS);
  }

  public NettyDataPlane(StatsRegistry stats, DataPlaneOptions options) {
    this(stats, options, System::nanoTime);
  }

  /**
   * @param ticker what time it is for clusters' outlier detection and latency averages (a fake one
   *     in tests; timers still run on real time and read it)
   */
  public NettyDataPlane(StatsRegistry stats, DataPlaneOptions options, LongSupplier ticker) {
    this.options = requireNonNull(options, "options");
    this.stats = new StatsCache(requireNonNull(stats, "stats"));
    this.transport = Transport.select(options.nativeTransport());
    this.boss = transport.newGroup(1, "meshbridge-accept");
    this.workerGroup = transport.newGroup(options.workerThreads(), "meshbridge-worker");
    this.dns = Executors.newFixedThreadPool(2, new DefaultThreadFactory("meshbridge-dns", true));
    this.resolver = new OffloadingResolverGroup(dns);
    this.tlsStats = new TlsStats(stats);
    UpstreamTls upstreamTls = new UpstreamTls(() -> tls, tlsStats);
    Map<EventLoop, Worker> byLoop = new IdentityHashMap<>();
    for (EventExecutor executor : workerGroup) {
      EventLoop loop = (EventLoop) executor;
      UpstreamPool pool =
          new UpstreamPool(
              new BootstrapConnector(loop, transport.socketChannel(), resolver, upstreamTls),
              this::configured,
              options.upstreamIdleTimeout(),
              this::protocolOptions,
              new Http2Upstreams(
                  loop,
                  transport.socketChannel(),
                  resolver,
                  this::configured,
                  options.upstreamIdleTimeout(),
                  upstreamTls));
      byLoop.put(loop, new Worker(pool));
    }
    this.workers = byLoop; // never modified after construction
    this.tcp = new TcpListener(
        new TcpConnector(transport.socketChannel(), resolver, upstreamTls), this.stats,
        () -> tls, tlsStats);
    ThreadFactory controlThreads = new DefaultThreadFactory("meshbridge-dataplane", true);
    this.control =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = controlThreads.newThread(r);
              controlThread = t;
              return t;
            });
    this.listeners = new ListenerManager(this::bind, control, options.drainTimeout());
    this.clusterEnvironment = new ClusterEnvironment(control, requireNonNull(ticker, "ticker"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Updates are applied one after another in call order. The returned future completes on the
   * data plane's control thread: keep callbacks on it short, or use an async variant.
   */
  @Override
  public CompletableFuture<Map<String, String>> apply(ProxyConfig config) {
    requireNonNull(config, "config");
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    try {
      control.execute(
          () -> {
            if (closed) {
              result.completeExceptionally(new IllegalStateException("data plane is closed"));
              return;
            }
            CompletableFuture<Map<String, String>> run = tail.thenCompose(x -> applyNow(config));
            tail = run.handle((r, e) -> null);
            run.whenComplete(
                (errors, e) -> {
                  if (e != null) {
                    result.completeExceptionally(e);
                  } else {
                    result.complete(errors);
                  }
                });
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("data plane is closed", e));
    }
    return result;
  }

  /** Where listener {@code name} is bound, with the real port when its config says 0. */
  public Optional<InetSocketAddress> localAddress(String name) {
    return listeners.address(name);
  }

  /** The transport in use ({@code "epoll"} or {@code "nio"}). */
  public String transportName() {
    return transport.name();
  }

  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<Void> drained = new CompletableFuture<>();
    control.execute(
        () -> {
          closed = true; // later applies fail; earlier ones finish first (tail)
          tail.thenCompose(x -> listeners.closeAll())
              .whenComplete((r, e) -> drained.complete(null));
        });
    Shutdown.await(
        drained, options.drainTimeout().plusSeconds(5), "listeners to drain", mustNotWait());
    workers.forEach((loop, worker) -> loop.execute(() -> worker.pool().closeIdle()));
    Shutdown.groups(mustNotWait(), boss, workerGroup);
    control.shutdownNow();
    dns.shutdownNow();
    resolver.close();
    log.info("Data plane closed");
  }

  /**
   * Serves {@code secret} (from the proxy's identity provider, {@code sds-grpc}) to new TLS
   * connections and handshakes from now on; open connections keep theirs. The contexts are rebuilt
   * on the control thread, off the event loops.
   */
  public CompletableFuture<Void> updateLocalSecret(TlsSecret secret) {
    requireNonNull(secret, "secret");
    return CompletableFuture.runAsync(() -> {
      Map<String, TlsSecret> local = new HashMap<>(tls.localSecrets());
      local.put(secret.name(), secret);
      tls = TlsConfigs.rebuild(tls, lastConfig, local);
    }, control);
  }

  /** The TLS contexts new connections get now. */
  public TlsContexts tlsContexts() {
    return tls;
  }

  private CompletableFuture<Map<String, String>> applyNow(ProxyConfig config) {
    lastConfig = config;
    tls = TlsConfigs.rebuild(tls, config, tls.localSecrets());
    Snapshot next = Snapshot.build(config, current.get(), stats, clusterEnvironment);
    current.set(next);
    workers.forEach((loop, worker) -> loop.execute(() -> worker.onConfig(next)));
    return listeners
        .update(config.listeners())
        .thenApply(
            errors -> {
              if (!errors.isEmpty()) {
                // A listener that failed to bind keeps serving its previous config, if any.
                current.set(current.get().withListeners(listeners.applied(), stats));
              }
              log.debug(
                  "Applied config: {} listeners, {} route tables, {} clusters, {} endpoints; {}"
                      + " errors",
                  config.listeners().size(),
                  config.routes().size(),
                  config.clusters().size(),
                  next.upstreams().size(),
                  errors.size());
              return errors;
            });
  }

  /**
   * Runs {@code hook} on every connection a listener accepts from now on, before the listener sets
   * it up: for embedders and tests, e.g. to record a {@code DownstreamPeer} that was established
   * outside this proxy.
   */
  public void onAccept(Consumer<Channel> hook) {
    acceptHook = requireNonNull(hook, "hook");
  }

  private ChannelFuture bind(String name, ListenerSocket socket) {
    ServerBootstrap bootstrap = bootstrap(name, socket);
    if (!socket.config().capture().transparent()) {
      return bootstrap.bind(socket.config().host(), socket.config().port());
    }
    return TransparentBind.bind(bootstrap, transport, socket.config());
  }

  private ServerBootstrap bootstrap(String name, ListenerSocket socket) {
    return new ServerBootstrap()
        .group(boss, workerGroup)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .handler(new AcceptHook(() -> acceptHook))
        .childHandler(
            new ListenerInitializer(
                name,
                socket,
                current::get,
                workers::get,
                options.upstreamTimeout().toNanos(),
                tcp,
                () -> tls,
                tlsStats));
  }

  private boolean configured(UpstreamKey key) {
    return current.get().upstreams().contains(key);
  }

  private HttpProtocolOptions protocolOptions(UpstreamKey key) {
    ClusterState cluster = current.get().clusters().get(key.cluster());
    return cluster == null ? HttpProtocolOptions.DEFAULT : cluster.config().httpProtocol();
  }

  /** On one of our event loops or the control thread, waiting for shutdown would deadlock. */
  private boolean mustNotWait() {
    if (Thread.currentThread() == controlThread) {
      return true;
    }
    for (EventExecutor e : workerGroup) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return boss.next().inEventLoop();
  }
}
