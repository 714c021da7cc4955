package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Status;
import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.bootstrap.AdsApi;
import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's ADS client, state of the world or delta (incremental). It subscribes to LDS and CDS
 * as wildcards and to RDS and EDS by the names the accepted listeners and clusters reference;
 * converts every response, keeps the previous version of each bad resource and NACKs, ACKs
 * otherwise; and hands each complete {@link ProxyConfig} to the {@link DataPlane}, NACKing
 * listeners the data plane could not bind. Both variants share everything but the wire ({@link
 * SotwWire}, {@link DeltaWire}). When the stream fails it keeps serving and reconnects with
 * backoff, to the next server. It can start from a {@link XdsSnapshot} ({@link #preload}).
 *
 * <p>All state lives on one single-thread executor: gRPC and data-plane callbacks only hand work
 * to it, so nothing in here takes a lock or blocks a gRPC thread. {@link #ready()} and {@link
 * #configDumpJson()} read values the executor publishes.
 */
public final class XdsClient implements AutoCloseable {

  static final String USER_AGENT = "meshbridge-proxy";
  private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

  private final Node node;
  private final AdsApi api;
  private final List<HostPort> servers;
  private final XdsChannelFactory channels;
  private final BackoffPolicy backoffPolicy;
  private final Clock clock;
  private final XdsStats stats;
  private final SerialExecutor executor = new SerialExecutor("meshbridge-xds-client");

  // Confined to the executor.
  private XdsState state = new XdsState();
  private final Backoff reconnectBackoff;
  private final Deque<Pending> responses = new ArrayDeque<>();
  private final SkippedFilters skippedFilters = new SkippedFilters();
  private @Nullable AdsStream stream;
  private final HealthReports health;
  private @Nullable Future<?> reconnectTimer;
  private int serverIndex;
  private boolean connectedOnce;
  private final ConfigApplier applier;
  private boolean closed;

  // Published by the executor for any thread.
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean ready;
  /** Serving a preloaded snapshot, and no server has sent a response since. */
  private volatile boolean fromCache;
  /** The open stream, read by the {@code xds_connected} gauge; written on the executor only. */
  private volatile @Nullable AdsStream openStream;
  private volatile int apiListeners;
  private volatile List<TypeDump> dump;
  /** The last dump with every referenced resource present: what {@link #snapshot()} exports. */
  private volatile @Nullable List<TypeDump> completeDump;

  private record Pending(AdsStream stream, XdsResponse response) {}

  /**
   * @param node who this proxy is; sent with every request, with {@code user_agent_name} set
   * @param api state of the world or delta
   * @param servers the xDS servers in failover order
   * @param channels opens a channel to a server
   * @param dataPlane what each config is applied to
   * @param stats where the {@code xds_*} stats go
   * @param backoff reconnect delays; also the delays of repeated NACKs of one version
   * @param clock for the times in the config dump
   */
  public XdsClient(Node node, AdsApi api, List<HostPort> servers, XdsChannelFactory channels,
      DataPlane dataPlane, StatsRegistry stats, BackoffPolicy backoff, Clock clock) {
    this.node = requireNonNull(node, "node").toBuilder().setUserAgentName(USER_AGENT).build();
    this.health = new HealthReports(node);
    this.api = requireNonNull(api, "api");
    this.servers = List.copyOf(servers);
    if (this.servers.isEmpty()) {
      throw new IllegalArgumentException("servers: [] (expected: at least one xDS server)");
    }
    this.channels = requireNonNull(channels, "channels");
    this.backoffPolicy = requireNonNull(backoff, "backoff");
    this.clock = requireNonNull(clock, "clock");
    this.reconnectBackoff = new Backoff(backoff);
    this.stats = new XdsStats(stats, this::connectedGauge, () -> apiListeners);
    this.dump = state.dump();
    this.applier = new ConfigApplier(
        requireNonNull(dataPlane, "dataPlane"), () -> state, executor, this::drain);
  }

  /**
   * Before {@link #start()}: converts {@code snapshot} as if pilot had sent it and applies it, so the
   * data plane serves and {@link #ready()} is true without a server; the held versions then go in
   * delta's {@code initial_resource_versions}, and what the server sends replaces them as usual.
   * All or nothing: a snapshot that does not convert whole is logged with the reason and ignored.
   */
  public void preload(XdsSnapshot snapshot) {
    requireNonNull(snapshot, "snapshot");
    if (started.get()) {
      throw new IllegalStateException("preload: the client is already started");
    }
    executor.execute(() -> preloadNow(snapshot));
  }

  /**
   * What the client accepted, as of the last moment every referenced resource was there (not
   * between a new cluster and its endpoints); empty before the initial fetch is done. Any thread.
   */
  public Optional<XdsSnapshot> snapshot() {
    List<TypeDump> complete = completeDump;
    return complete == null ? Optional.empty() : Optional.of(XdsSnapshot.of(complete));
  }

  /**
   * Marks the endpoints of the inbound clusters ({@code inbound|<port>||}, docs/xds.md) healthy or
   * unhealthy: the local app's health. The load balancer skips unhealthy endpoints, so while the
   * app is unhealthy inbound requests are answered 503 {@code UH}. Any thread; applied at once.
   */
  public void setInboundHealthy(boolean healthy) {
    executor.execute(() -> {
      if (applier.inboundHealthy(healthy)) {
        log.info("Inbound endpoints marked {}", healthy ? "healthy" : "unhealthy");
        applier.applyCurrent(() -> { });
      }
      if (health.changed(healthy) && stream != null) {
        health.reportTo(stream);
      }
    });
  }

  /** Connects to the first server and starts fetching; returns at once. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    executor.execute(this::connect);
  }

  /**
   * Whether the initial fetch is done: the first LDS and CDS responses, and the RDS and EDS
   * resources they reference, have been applied once (Envoy's initial fetch; a rejected resource
   * counts as fetched). Once true, stays true. There is no initial-fetch timeout yet: if pilot
   * never sends a referenced resource, the proxy never becomes ready.
   */
  public boolean ready() {
    return ready;
  }

  /** Connection, accepted versions and the last NACK, now; any thread. */
  public XdsStatus status() {
    return XdsStatus.of(connectedGauge() == 1, ready, dump, fromCache);
  }

  /** The accepted resources and last NACKs, as JSON in the shape of Envoy's config dump. */
  public String configDumpJson() {
    return ConfigDumps.toJson(dump);
  }

  /** Stops the stream and the client's thread; the data plane keeps its last config. */
  @Override
  public void close() {
    executor.execute(() -> {
      closed = true;
      if (reconnectTimer != null) {
        reconnectTimer.cancel(false);
      }
      if (stream != null) {
        stream.close();
        stream = null;
      }
      openStream = null;
    });
    executor.shutdown(Duration.ofSeconds(10));
  }

  private void connect() {
    reconnectTimer = null;
    if (closed) {
      return;
    }
    if (connectedOnce) {
      stats.reconnected();
    }
    connectedOnce = true;
    HostPort server = servers.get(serverIndex);
    log.info("Connecting to xDS server {} ({} of {}, {})", server, serverIndex + 1, servers.size(),
        api);
    AdsStream opened;
    try {
      opened = new AdsStream(server, channels.create(server), node, api,
          new NackThrottle(backoffPolicy), executor, new StreamListener());
    } catch (RuntimeException e) {
      log.warn("Cannot open an ADS stream to {}", server, e);
      retry(Status.fromThrowable(e), false);
      return;
    }
    stream = opened;
    openStream = opened;
    for (ResourceType<?, ?> type : ResourceType.ALL) {
      ResourceState<?, ?> typeState = state.of(type);
      if (type.wildcard() || !typeState.resourceNames().isEmpty()) {
        opened.send(type, typeState, null);
      }
    }
    health.reportTo(opened); // the new stream's pilot has not heard it yet
  }

  /**
   * 1 while an ADS stream is open on a connected channel (Envoy's {@code
   * control_plane.connected_state}). Not "has received a response": after a pilot restart with
   * unchanged content, the server rightly sends nothing to a client that already holds its
   * versions.
   */
  private long connectedGauge() {
    AdsStream s = openStream;
    return s != null && s.channelReady() ? 1 : 0;
  }

  private void retry(Status status, boolean streamWasHealthy) {
    if (streamWasHealthy) {
      reconnectBackoff.reset();
    }
    HostPort failed = servers.get(serverIndex);
    serverIndex = (serverIndex + 1) % servers.size();
    Duration delay = reconnectBackoff.next();
    log.warn("ADS stream to {} ended ({}); keeping the current config, trying {} in {} ms",
        failed, AdsWire.describe(status), servers.get(serverIndex), delay.toMillis());
    reconnectTimer = executor.schedule(this::connect, delay);
  }

  private final class StreamListener implements AdsStream.Listener {
    @Override
    public void onResponse(AdsStream from, XdsResponse response) {
      if (from != stream) {
        return;
      }
      responses.add(new Pending(from, response));
      drain();
    }

    @Override
    public void onClosed(AdsStream from, Status status) {
      if (from != stream) {
        return;
      }
      stream = null;
      openStream = null;
      responses.clear(); // all from this stream; the next stream gets fresh ones
      from.close();
      if (!closed) {
        retry(status, from.responseReceived());
      }
    }
  }

  /** Handles queued responses one at a time: the next waits until the data plane applied one. */
  private void drain() {
    Pending next;
    while (!applier.busy() && (next = responses.poll()) != null) {
      if (next.stream() == stream) {
        handle(next.stream(), next.response());
      }
    }
  }

  private void handle(AdsStream from, XdsResponse response) {
    ResourceType<?, ?> type = ResourceType.forTypeUrl(response.typeUrl());
    if (type == null) {
      log.warn("Ignoring a response of type {}, which this proxy never asked for",
          response.typeUrl());
      return;
    }
    if (from.received(type, response.nonce())) {
      log.info("ADS stream to {} is up", from.server());
    }
    from.releaseNack(type); // superseded by this response
    fromCache = false;
    handle(from, type, response);
  }

  private <V> void handle(AdsStream from, ResourceType<?, V> type, XdsResponse response) {
    Update<V> update = state.of(type).apply(response, clock.instant());
    ProxyConfig config = applier.assemble();
    if (applier.serves(config)) {
      complete(from, type, update);
      return;
    }
    applier.apply(config, (refused, error) -> {
      if (error != null) {
        log.error("The data plane failed to apply the config after {} version {}",
            type, update.version, error);
        update.otherProblems.add("the data plane failed to apply the update: " + error);
        return null; // unknown: apply the next config whatever it is
      }
      if (!refused.isEmpty() && !state.revertListeners(type, update, refused)) {
        log.warn("The data plane refused listeners {} applying {} version {}; they keep their "
            + "previous versions", refused, type, update.version);
      }
      return refused.isEmpty() ? config : applier.assemble();
    }, () -> complete(from, type, update));
  }

  private void preloadNow(XdsSnapshot snapshot) {
    try {
      state = SnapshotPreload.load(snapshot, clock.instant()); // whole, or not at all
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring the cached xDS config (versions {}); waiting for the xDS server:\n{}",
          snapshot.versions(), e.getMessage());
      return;
    }
    publishDump();
    applier.serving(ProxyConfig.EMPTY); // what the data plane serves before its first config
    applier.applyCurrent(() -> {
      ready = true;
      fromCache = true;
      log.info("Cached xDS config applied (versions {}): the proxy is ready", snapshot.versions());
    });
  }

  private <V> void complete(AdsStream from, ResourceType<?, V> type, Update<V> update) {
    boolean repeated = state.of(type).complete(update, clock.instant());
    List<ResourceType<?, ?>> resubscribe = state.updateSubscriptions();
    String error = update.errorDetail();
    if (error == null) {
      stats.accepted(type);
      log.debug("Accepted {} version {}", type, update.version);
    } else {
      stats.rejected(type);
      String format = "Rejected {} version {} (keeping the previous version of each bad resource):"
          + "\n{}";
      if (repeated) {
        log.debug(format, type, update.version, error);
      } else {
        log.warn(format, type, update.version, error);
      }
    }
    if (type == ResourceType.LDS) {
      skippedFilters.log(state.listeners.values());
      apiListeners = state.apiListenerCount();
    }
    publishDump();
    if (!ready && state.initialFetchDone()) {
      ready = true;
      log.info("Initial xDS fetch done: the proxy is ready");
    }
    if (from == stream) {
      from.ackOrNack(type, state.of(type), update.version, error,
          (task, delay) -> executor.schedule(() -> {
            if (from == stream) {
              task.run();
            }
          }, delay));
      for (ResourceType<?, ?> changed : resubscribe) {
        sendRequest(from, changed, from.releaseNack(changed));
      }
    }
    if (!resubscribe.isEmpty()) {
      applier.applyCurrent(() -> { });
    }
  }

  private void publishDump() {
    dump = state.dump();
    if (state.initialFetchDone()) {
      completeDump = dump;
    }
  }

  private void sendRequest(AdsStream to, ResourceType<?, ?> type, @Nullable String error) {
    to.send(type, state.of(type), error);
  }
}
