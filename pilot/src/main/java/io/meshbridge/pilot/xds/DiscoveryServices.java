package io.meshbridge.pilot.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.meshbridge.pilot.concurrent.SerialExecutor;
import io.meshbridge.pilot.translate.ProxyScope;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * java-control-plane wired for pilot: a {@link SimpleCache} keyed by {@link ProxyScope}, the
 * {@link SnapshotPublisher} that fills it, the {@link ProxyTracker}, and the gRPC services (ADS
 * and the per-type CDS, EDS, LDS, RDS; each state-of-the-world and delta) to bind on any server.
 * Each stream's requests are handled and its responses built and sent on its own executor, all
 * over one thread per core ({@link StreamExecutors}), which {@link #close} stops.
 */
public final class DiscoveryServices implements AutoCloseable {

  private final SnapshotPublisher publisher;
  private final ProxyTracker tracker;
  private final V3DiscoveryServer server;

  /**
   * Bytes of responses handed to gRPC but not yet taken by the network, all streams of every port
   * together ({@link OutboundBudget}): about 32 full pushes of 10,000 endpoints in flight at once.
   */
  static final long OUTBOUND_BUDGET_BYTES = 64L << 20;

  private final OutboundBudget budget = new OutboundBudget(OUTBOUND_BUDGET_BYTES);
  private final StreamExecutors streams;

  /**
   * @param executor the serializing executor snapshots are translated and set on
   * @param clock for the tracker's timestamps
   */
  public DiscoveryServices(SerialExecutor executor, Clock clock) {
    this(executor, clock, SecuritySettings.DEFAULT);
  }

  /**
   * @param security the trust domain and root namespace snapshots are translated with
   */
  public DiscoveryServices(SerialExecutor executor, Clock clock, SecuritySettings security) {
    this(executor, clock, security, List.of());
  }

  /**
   * @param more callbacks that see each stream after its node was accepted and before the tracker
   *     (auto-registration)
   */
  public DiscoveryServices(SerialExecutor executor, Clock clock, SecuritySettings security,
      List<DiscoveryServerCallbacks> more) {
    this.streams = StreamExecutors.fromSystemProperty();
    List<DiscoveryServerCallbacks> callbacks = new ArrayList<>();
    ScopeNodeGroup groups = new ScopeNodeGroup();
    SimpleCache<ProxyScope> cache = new CatchUpCache(groups);
    this.publisher = new SnapshotPublisher(cache, executor, security);
    this.tracker = new ProxyTracker(clock);
    // Identity first: a node claiming another identity than its certificate gets nothing.
    callbacks.add(new NodeIdentityCallbacks());
    // ScopeCallbacks next: it rejects invalid nodes before the tracker records anything.
    callbacks.add(new ScopeCallbacks(publisher));
    callbacks.addAll(more);
    callbacks.add(tracker);
    this.server =
        new SharingDiscoveryServer(
            callbacks,
            new InitialVersionsWatcher(new NackHoldingWatcher(cache, groups)),
            streams);
  }

  public SnapshotPublisher publisher() {
    return publisher;
  }

  public ProxyTracker tracker() {
    return tracker;
  }

  /**
   * The gRPC services to bind, each stream on its executor, without the outbound budget: ADS
   * first, then CDS, EDS, LDS and RDS.
   */
  public List<ServerServiceDefinition> services() {
    return bindable().stream().map(s -> ServerInterceptors.intercept(s, streams)).toList();
  }

  private List<BindableService> bindable() {
    return List.of(
        server.getAggregatedDiscoveryServiceImpl(),
        server.getClusterDiscoveryServiceImpl(),
        server.getEndpointDiscoveryServiceImpl(),
        server.getListenerDiscoveryServiceImpl(),
        server.getRouteDiscoveryServiceImpl());
  }

  /**
   * The services as a server binds them: paced by the one outbound budget shared by every port,
   * behind {@code outer} (e.g. client-certificate authentication), which sees each call first.
   */
  public List<ServerServiceDefinition> served(ServerInterceptor... outer) {
    List<ServerServiceDefinition> result = new ArrayList<>();
    for (BindableService service : bindable()) {
      // Called in this order: outer, streams (whose executor the budget's calls get), budget.
      ServerServiceDefinition paced = ServerInterceptors.intercept(service, budget, streams);
      result.add(ServerInterceptors.intercept(paced, outer));
    }
    return List.copyOf(result);
  }

  /** Stops the threads streams run on; call once every server binding these has stopped. */
  @Override
  public void close() {
    streams.close();
  }
}
