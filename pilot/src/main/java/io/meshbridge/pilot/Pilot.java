package io.meshbridge.pilot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.pilot.aggregate.AggregateResult;
import io.meshbridge.pilot.aggregate.RegistryStates;
import io.meshbridge.pilot.aggregate.RegistryStatus;
import io.meshbridge.pilot.aggregate.ServiceMapping;
import io.meshbridge.pilot.autoregister.AutoRegistrationCallbacks;
import io.meshbridge.pilot.autoregister.AutoRegistrationSettings;
import io.meshbridge.pilot.autoregister.AutoRegistry;
import io.meshbridge.pilot.autoregister.HealthReports;
import io.meshbridge.pilot.concurrent.ScheduledSerialExecutor;
import io.meshbridge.pilot.debounce.Debouncer;
import io.meshbridge.pilot.ca.CaServer;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.xds.ClientCertificateAuth;
import io.meshbridge.pilot.xds.DiscoveryServices;
import io.meshbridge.pilot.xds.ProxyStatus;
import io.meshbridge.pilot.xds.XdsServer;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.pilot.policy.PolicyDirectory;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.Rejection;
import io.meshbridge.pilot.policy.kubernetes.KubernetesPolicySource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pilot without Dropwizard: registry adapters, aggregation, debouncing, translation and the xDS
 * server, for the launcher and tests to run in-process.
 *
 * <pre>{@code
 * try (Pilot pilot = Pilot.create(PilotOptions.defaults().withXds("127.0.0.1", 15010), adapters)) {
 *   pilot.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Registry snapshots arrive on adapter threads; everything after (debouncing, aggregation,
 * translation, setting snapshots) runs on one serializing executor, the {@code meshbridge-pilot}
 * thread. Nothing is pushed until every registry has published once or {@link
 * PilotOptions#registrySyncTimeout()} has passed, so that a restarted pilot does not hand
 * reconnecting proxies a half-empty mesh.
 */
public final class Pilot implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(Pilot.class);

  private final PilotOptions options;
  private final ScheduledSerialExecutor executor =
      new ScheduledSerialExecutor("meshbridge-pilot");
  private final RegistryStates states;
  private final List<RegistryHandle> registries = new ArrayList<>();
  private final Debouncer debouncer;
  private final DiscoveryServices discovery;
  private final XdsServer xdsServer;
  private final ScheduledSerialExecutor autoRegisterExecutor =
      new ScheduledSerialExecutor("meshbridge-autoregister");
  private final AutoRegistry autoRegistry;
  private final HealthReports healthReports;

  // Touched only from tasks on `executor`.
  private boolean syncTimedOut;
  private List<String> loggedProblems = List.of();
  private boolean policyReadPending;
  private PolicySet policies = PolicySet.EMPTY;
  private List<Rejection> loggedRejections = List.of();
  // Set by the caller's thread, read by close(): closed even if its start task never ran.
  private volatile @Nullable KubernetesPolicySource kubernetesSource;

  private volatile PolicySet appliedPolicies = PolicySet.EMPTY;
  private final PolicySources policySources;

  private Pilot(PilotOptions options, List<RegistryAdapter> adapters, ServiceMapping mapping,
      AutoRegistrationSettings autoRegistration) {
    this.options = options;
    this.states =
        new RegistryStates(
            adapters.stream().map(RegistryAdapter::id).toList(), mapping, Clock.systemUTC());
    IstioConfigRegistry istio = null;
    for (RegistryAdapter adapter : adapters) {
      registries.add(new RegistryHandle(adapter, this::onSnapshot));
      if (adapter instanceof IstioConfigRegistry i) {
        istio = i;
      }
    }
    this.policySources = new PolicySources(istio);
    this.debouncer = new Debouncer(executor, options.debounce(), this::flush);
    IstioConfigRegistry groups = istio;
    this.autoRegistry = new AutoRegistry(autoRegisterExecutor, Clock.systemUTC(), autoRegistration,
        groups == null ? entries -> {} : groups::autoRegistered);
    AutoRegistrationCallbacks autoRegister = new AutoRegistrationCallbacks(
        groups == null ? (namespace, name) -> null : groups::workloadGroup, autoRegistry);
    this.discovery = new DiscoveryServices(
        executor, Clock.systemUTC(), options.security(), List.of(autoRegister));
    this.healthReports = new HealthReports(autoRegistry);
    this.xdsServer =
        new XdsServer(
            options.xdsBindAddress(),
            options.xdsPort(),
            options.xdsShutdownGrace(),
            discovery.served(healthReports));
  }

  /**
   * Builds a pilot; nothing runs until {@link #start}.
   *
   * @param registries the adapters, in precedence order (the first defines a service)
   * @throws IllegalArgumentException naming {@code registries[i].id} if two share an id
   */
  public static Pilot create(PilotOptions options, List<RegistryAdapter> registries) {
    return create(options, registries, ServiceMapping.IDENTITY);
  }

  /**
   * Builds a pilot whose registries' services are put under mesh names by {@code mapping}.
   *
   * @throws IllegalArgumentException if two registries share an id or the mapping names a
   *     registry that is not given
   */
  public static Pilot create(
      PilotOptions options, List<RegistryAdapter> registries, ServiceMapping mapping) {
    return create(options, registries, mapping, AutoRegistrationSettings.DEFAULT);
  }

  /**
   * Builds a pilot that keeps auto-registered WorkloadEntries as {@code autoRegistration} says
   * (they need an {@link IstioConfigRegistry} among {@code registries}, which has the groups).
   */
  public static Pilot create(PilotOptions options, List<RegistryAdapter> registries,
      ServiceMapping mapping, AutoRegistrationSettings autoRegistration) {
    requireNonNull(options, "options");
    requireNonNull(registries, "registries");
    requireNonNull(mapping, "mapping");
    requireNonNull(autoRegistration, "autoRegistration");
    Pilot pilot = new Pilot(options, List.copyOf(registries), mapping, autoRegistration);
    pilot.executor.schedule(pilot::onSyncTimeout, options.registrySyncTimeout());
    pilot.debouncer.signal(); // with no registries, the (empty) model is published right away
    return pilot;
  }

  /**
   * Starts the xDS server, then every registry.
   *
   * @throws io.meshbridge.pilot.xds.XdsServerException if the xDS address cannot be bound
   */
  public void start() {
    if (options.xdsPlaintext()) {
      xdsServer.start();
    }
    registries.forEach(RegistryHandle::start);
  }

  /**
   * Stops the registries and the Kubernetes policy source, then the xDS server (bounded), then
   * the xDS streams' threads, then pilot's thread. Idempotent.
   */
  @Override
  public void close() {
    KubernetesPolicySource kubernetes = kubernetesSource;
    if (kubernetes != null) {
      kubernetes.close();
    }
    for (RegistryHandle registry : registries) {
      try {
        registry.stop();
      } catch (RuntimeException e) {
        logger.error("registry '{}' failed to close", registry.id(), e);
      }
    }
    xdsServer.stop();
    discovery.close();
    autoRegisterExecutor.close();
    executor.close();
  }

  public PilotOptions options() {
    return options;
  }

  /** The xDS server, for lifecycles that start and stop it on their own. */
  public XdsServer xdsServer() {
    return xdsServer;
  }

  /** The registries in precedence order, for lifecycles that start and stop them on their own. */
  public List<RegistryHandle> registries() {
    return List.copyOf(registries);
  }

  /**
   * The xDS services for another server to bind (the CA's TLS port), each call passing {@code
   * outer} first (client-certificate authentication).
   */
  public List<io.grpc.ServerServiceDefinition> xdsServices(io.grpc.ServerInterceptor... outer) {
    return discovery.served(outer);
  }

  /**
   * Pilot's TLS port for {@code ca}: the CA service and xDS for mesh client certificates; keeps
   * the {@code ROOTCA} secret equal to the CA's trusted roots from now on. Not started.
   */
  public CaServer secureServer(CertificateAuthority ca) {
    requireNonNull(ca, "ca");
    trustBundle(ca.rootsPem());
    ca.onTrustChanged(() -> trustBundle(ca.rootsPem()));
    // The authentication sees each call first (the last interceptor is outermost).
    return new CaServer(ca, xdsServices(healthReports, new ClientCertificateAuth(ca)));
  }

  /**
   * Sets the trust bundle (PEM roots) every sidecar gets as the {@code ROOTCA} secret over SDS;
   * a change is pushed to every scope.
   */
  public void trustBundle(String rootsPem) {
    discovery.publisher().trustBundle(rootsPem);
  }

  /** The port the plaintext xDS server is bound to, or -1 when it is not running. */
  public int xdsPort() {
    return xdsServer.port();
  }

  /** The merged model with per-registry status and problems, as of now. */
  public AggregateResult aggregate() {
    return states.aggregate();
  }

  /** Each registry's status without merging anything: cheap enough for metrics gauges. */
  public List<RegistryStatus> registryStatuses() {
    return states.statuses();
  }

  /** What the translator could not express, at the last push (default sidecar scope). */
  public List<String> translationProblems() {
    return discovery.publisher().problems();
  }

  /**
   * Reads Istio resources (VirtualService, DestinationRule, ServiceEntry, WorkloadEntry,
   * WorkloadGroup) from {@code directory} now and every {@code interval}; a change is pushed like a
   * registry change. ServiceEntries and WorkloadEntries become services and endpoints only when an
   * {@link IstioConfigRegistry} is among this pilot's registries; otherwise they are rejected.
   */
  public void watchPolicies(Path directory, Duration interval) {
    requireNonNull(directory, "directory");
    requireNonNull(interval, "interval");
    executor.execute(
        () -> {
          policySources.directory(new PolicyDirectory(directory));
          pollPolicies(interval);
        });
  }

  /**
   * Reads Istio resources from a Kubernetes API server too (see {@link #watchPolicies} for what
   * becomes of them); they are checked together with those of the directory. The source is
   * started now and closed with pilot.
   */
  public void watchKubernetesPolicies(KubernetesPolicySource source) {
    requireNonNull(source, "source");
    kubernetesSource = source;
    executor.execute(
        () -> {
          policySources.kubernetes(source);
          source.start(() -> executor.execute(this::schedulePolicyRead));
        });
  }

  /** The policies as applied at the last push: accepted resources and every rejection. */
  public PolicySet policies() {
    return appliedPolicies;
  }

  /** The WorkloadEntries auto-registered from WorkloadGroups (in this pilot's memory). */
  public AutoRegistry autoRegistry() {
    return autoRegistry;
  }

  /** The connected xDS streams. */
  public List<ProxyStatus> proxies() {
    return discovery.tracker().proxies();
  }

  private void onSnapshot(RegistrySnapshot snapshot) {
    try {
      if (states.update(snapshot)) {
        debouncer.signal();
      }
    } catch (IllegalArgumentException e) {
      logger.error("dropping a snapshot: {}", e.getMessage());
    }
  }

  private void pollPolicies(Duration interval) {
    readPolicies();
    executor.schedule(() -> pollPolicies(interval), interval);
  }

  /** Coalesces a burst of Kubernetes events into one read. */
  private void schedulePolicyRead() {
    if (!policyReadPending) {
      policyReadPending = true;
      executor.execute(
          () -> {
            policyReadPending = false;
            readPolicies();
          });
    }
  }

  private void readPolicies() {
    PolicySet read = policySources.read();
    if (!read.equals(policies)) {
      policies = read;
      debouncer.signal();
    }
  }

  private void onSyncTimeout() {
    syncTimedOut = true;
    if (!states.allSynced()) {
      logger.warn(
          "not every registry published within {}; serving what there is: {}",
          options.registrySyncTimeout(),
          states.aggregate().registries());
      flush();
    }
  }

  private void flush() {
    if (!states.allSynced() && !syncTimedOut) {
      logger.debug("not pushing yet: waiting for every registry's first snapshot");
      return;
    }
    AggregateResult result = states.aggregate();
    if (!result.problems().equals(loggedProblems)) {
      loggedProblems = result.problems();
      loggedProblems.forEach(p -> logger.warn("aggregation: {}", p));
    }
    PolicySet applied = policies.against(result.model());
    if (!applied.rejections().equals(loggedRejections)) {
      loggedRejections = applied.rejections();
      loggedRejections.forEach(r -> logger.warn("policy rejected: {}", r));
    }
    appliedPolicies = applied;
    discovery.publisher().publish(result.model(), applied);
  }
}
