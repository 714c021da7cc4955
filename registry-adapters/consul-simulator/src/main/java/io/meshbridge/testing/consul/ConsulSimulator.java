package io.meshbridge.testing.consul;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A simulated Consul agent and the catalog of one or more datacenters, serving Consul's HTTP API on
 * {@code 127.0.0.1}: for tests of code that talks to Consul, since no Consul binary runs here.
 *
 * <pre>{@code
 * try (ConsulSimulator consul = ConsulSimulator.builder().datacenters("dc1", "dc2").start()) {
 *   consul.register("dc1", ServiceInstance.of("web-1", "web", "10.0.0.1", 8080));
 *   String url = consul.address(); // http://127.0.0.1:<port>
 *   ...
 *   consul.stop();  // outage: connections drop, the port refuses
 *   consul.restart(); // same port, same data
 * }
 * }</pre>
 *
 * <p>The first datacenter is the agent's: agent registrations land there, on the agent's node, and
 * a request without {@code dc} reads it. Every datacenter holds the {@code consul} service of its
 * server, as a real cluster does. See the module README for the endpoints and their behaviour.
 */
public final class ConsulSimulator implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Catalog catalog;
  private final Acl acl;
  private final ExecutorService httpExecutor;
  private final ScheduledExecutorService ticker;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Object lifecycleLock = new Object();
  // Guarded by lifecycleLock.
  private @Nullable SimulatorServer server;
  private int port;
  private boolean closed;

  private ConsulSimulator(Builder b) {
    this.catalog = new Catalog(b.datacenters, b.agentNode, "127.0.0.1");
    this.acl = new Acl(b.tokens);
    this.httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "consul-simulator-http"));
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "consul-simulator-ticker"));
    for (String dc : b.datacenters) {
      String node = dc.equals(catalog.agentDatacenter()) ? b.agentNode : "consul-server-" + dc;
      catalog.register(
          dc,
          new ServiceInstance(
              "consul",
              "consul",
              List.of(),
              "",
              8300,
              Map.of("raft_version", "3"),
              node,
              "127.0.0.1",
              1),
          false,
          List.of(),
          false);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A simulator of datacenter {@code dc1} without ACLs, on a free port. */
  public static ConsulSimulator start() {
    return builder().start();
  }

  /** The port it listens on (kept across {@link #stop} and {@link #restart}). */
  public int port() {
    synchronized (lifecycleLock) {
      return port;
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String address() {
    return "http://127.0.0.1:" + port();
  }

  /** The agent's datacenter: the first one given. */
  public String agentDatacenter() {
    return catalog.agentDatacenter();
  }

  /** The agent's node name, where agent registrations land. */
  public String agentNode() {
    return catalog.agentNode();
  }

  /** Stops serving: open connections (and waiting blocking queries) drop, the port refuses. */
  public void stop() {
    synchronized (lifecycleLock) {
      if (server != null) {
        catalog.abortWaiters();
        server.stop();
        server = null;
      }
    }
  }

  /**
   * Serves again on the same port with the same data (and indexes; see {@link #resetIndexes}).
   *
   * @throws UncheckedIOException if the port cannot be bound again
   */
  public void restart() {
    synchronized (lifecycleLock) {
      if (closed) {
        throw new IllegalStateException("consul simulator: closed");
      }
      if (server == null) {
        bind(port);
      }
    }
  }

  public boolean running() {
    synchronized (lifecycleLock) {
      return server != null;
    }
  }

  /** Registers (or replaces) an instance in the agent's datacenter, as another agent would. */
  public void register(ServiceInstance instance) {
    register(agentDatacenter(), instance);
  }

  /** Registers (or replaces) an instance without service checks: only its node's serfHealth. */
  public void register(String dc, ServiceInstance instance) {
    catalog.register(dc, instance, false, List.of(), true);
  }

  /**
   * Registers (or replaces) an instance with one service check {@code service:<id>} in {@code
   * status}, which {@link #setCheckStatus} then changes.
   */
  public void register(String dc, ServiceInstance instance, CheckStatus status) {
    SimulatedCheck.Definition check = new SimulatedCheck.Definition();
    check.checkId = "service:" + instance.id();
    check.name = "Service '" + instance.name() + "' check";
    check.serviceId = instance.id();
    check.serviceName = instance.name();
    check.status = status;
    catalog.register(dc, instance, false, List.of(check), true);
  }

  /** Removes an instance and its checks; returns whether it was there. */
  public boolean deregister(String dc, String serviceId) {
    return catalog.deregister(dc, serviceId);
  }

  /**
   * Sets a service check's status, as a check run or a TTL update would.
   *
   * @throws IllegalArgumentException naming the check if it does not exist
   */
  public void setCheckStatus(String dc, String checkId, CheckStatus status) {
    catalog.setCheckStatus(dc, checkId, status, "set by test");
  }

  /** Sets a node's serfHealth check (every instance on the node carries it). */
  public void setNodeHealth(String dc, String node, CheckStatus status) {
    catalog.setNodeHealth(dc, node, status);
  }

  /**
   * Adds {@code json} verbatim as one more entry of {@code /v1/health/service/<serviceName>} (and
   * the name to {@code /v1/catalog/services}): for malformed entries a real catalog should not hold
   * but a client must survive.
   *
   * @throws IllegalArgumentException if {@code json} is not JSON
   */
  public void injectEntry(String dc, String serviceName, String json) {
    JsonNode entry;
    try {
      entry = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("json: not JSON (" + e.getMessage() + ")", e);
    }
    catalog.injectRaw(dc, serviceName, entry);
  }

  /** Removes the entries injected for {@code serviceName}. */
  public void clearInjected(String dc, String serviceName) {
    catalog.clearRaw(dc, serviceName);
  }

  /**
   * Moves every index back to 1 and keeps the data, as restoring an older raft snapshot does:
   * blocking queries waiting on a higher index wait until {@code wait} runs out and then get the
   * lower index, which clients must take as "start again from 0".
   */
  public void resetIndexes() {
    catalog.resetIndexes(1);
  }

  /** Moves the simulated clock forward: TTL checks expire, the 30 s reaper runs. */
  public void advanceTime(Duration duration) {
    requireNonNull(duration, "duration");
    catalog.advance(duration);
  }

  /** The current raft index of {@code dc}. */
  public long index(String dc) {
    return catalog.view(dc, d -> d.raftIndex);
  }

  /** The status of a service check, if it exists. */
  public Optional<CheckStatus> checkStatus(String dc, String checkId) {
    return catalog.view(dc, d -> Optional.ofNullable(d.checks.get(checkId)).map(c -> c.status));
  }

  /** The instance registered under {@code serviceId}, if any. */
  public Optional<ServiceInstance> instance(String dc, String serviceId) {
    return catalog.view(
        dc, d -> Optional.ofNullable(d.instances.get(serviceId)).map(r -> r.instance));
  }

  /** The IDs of the check(s) of an instance, in ID order. */
  public List<String> checkIds(String dc, String serviceId) {
    return catalog.view(dc, d -> d.checksOf(serviceId).stream().map(c -> c.checkId).toList());
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests received so far that match {@code filter}. */
  public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
    List<RecordedRequest> result = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (filter.test(r)) {
        result.add(r);
      }
    }
    return result;
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    synchronized (lifecycleLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stop();
    ticker.shutdownNow();
    httpExecutor.shutdownNow();
  }

  private ConsulSimulator startServing(int requestedPort) {
    synchronized (lifecycleLock) {
      bind(requestedPort);
    }
    ticker.scheduleWithFixedDelay(catalog::tick, 20, 20, TimeUnit.MILLISECONDS);
    return this;
  }

  // Called with lifecycleLock held.
  private void bind(int requestedPort) {
    try {
      server = SimulatorServer.start(requestedPort, catalog, acl, requests::add, httpExecutor);
      port = server.port();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "consul simulator: cannot listen on 127.0.0.1:" + requestedPort, e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Datacenters, ACL tokens and the agent's node name; {@link #start} binds. */
  public static final class Builder {
    private List<String> datacenters = List.of("dc1");
    private final Map<String, Acl.Access> tokens = new LinkedHashMap<>();
    private String agentNode = "consul-agent";
    private int port;

    private Builder() {}

    /** The datacenters; the first is the agent's. Default {@code dc1}. */
    public Builder datacenters(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("datacenters: [] (expected: at least one)");
      }
      this.datacenters = List.of(names);
      return this;
    }

    /** Turns ACLs on (default policy deny) with a token that may read the catalog and health. */
    public Builder readToken(String token) {
      tokens.put(requireNonNull(token, "token"), Acl.Access.READ);
      return this;
    }

    /** Turns ACLs on (default policy deny) with a token that may also register and update. */
    public Builder writeToken(String token) {
      tokens.put(requireNonNull(token, "token"), Acl.Access.WRITE);
      return this;
    }

    public Builder agentNode(String name) {
      this.agentNode = requireNonNull(name, "name");
      return this;
    }

    /** The port to listen on; default 0, any free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public ConsulSimulator start() {
      return new ConsulSimulator(this).startServing(port);
    }
  }
}
