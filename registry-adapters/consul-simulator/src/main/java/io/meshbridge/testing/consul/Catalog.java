package io.meshbridge.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.testing.consul.Datacenter.InstanceRecord;
import io.meshbridge.testing.consul.Datacenter.NodeRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The state of every simulated datacenter, the simulated clock, and the blocking-query wait.
 *
 * <p>One lock guards all of it: HTTP handler threads, the ticker and test threads all read and
 * write here. A blocking query parks on its own condition of the lock ({@link Waiters}) and a write
 * wakes only the queries whose data it changed; a query renders its answer once, when it returns.
 * A lock (not a serializing executor) because a blocking query must park its own handler thread.
 */
final class Catalog {

  /** How often Consul's reaper looks for services to deregister after a critical period. */
  static final long REAP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** Where a new datacenter's raft index starts, as if a few writes had already happened. */
  static final long INITIAL_INDEX = 10;

  /** The query result and the index it was read at. */
  record Indexed(long index, JsonNode body) {}

  /** Thrown to a waiting query when the simulator stops: the client sees the connection drop. */
  static final class StoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoppedException() {
      super("simulator stopped");
    }
  }

  /** Thrown for a {@code dc} the simulator does not know; Consul answers 500. */
  static final class UnknownDatacenterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownDatacenterException(String dc) {
      super("No path to datacenter");
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Waiters waiters = new Waiters(lock);
  private final Map<String, Datacenter> datacenters = new LinkedHashMap<>();
  private final String agentDatacenter;
  private final String agentNode;
  private final String agentAddress;
  private long offsetNanos;
  private long lastReapNanos;
  private int generation;

  Catalog(List<String> datacenterNames, String agentNode, String agentAddress) {
    for (String dc : datacenterNames) {
      datacenters.put(dc, new Datacenter(dc, INITIAL_INDEX));
    }
    this.agentDatacenter = datacenterNames.get(0);
    this.agentNode = agentNode;
    this.agentAddress = agentAddress;
    this.lastReapNanos = System.nanoTime();
  }

  String agentDatacenter() {
    return agentDatacenter;
  }

  /** Registers (or replaces) an instance; {@code checks} replace service checks of the same ID. */
  void register(
      String dc,
      ServiceInstance instance,
      boolean agentLocal,
      List<SimulatedCheck.Definition> checks,
      boolean replaceExistingChecks) {
    write(
        dc,
        d -> {
          long index = d.nextIndex();
          ensureNode(d, instance.node(), instance.nodeAddress(), index);
          InstanceRecord old = d.instances.get(instance.id());
          if (old != null && !old.instance.name().equals(instance.name())) {
            d.touchService(old.instance.name(), index);
          }
          InstanceRecord record =
              new InstanceRecord(instance, agentLocal, old == null ? index : old.createIndex);
          record.modifyIndex = index;
          d.instances.put(instance.id(), record);
          if (replaceExistingChecks) {
            d.checks.values().removeIf(c -> c.serviceId.equals(instance.id()));
          }
          for (SimulatedCheck.Definition def : checks) {
            d.checks.put(def.checkId, new SimulatedCheck(def, instance.node(), now(), index));
          }
          d.servicesIndex = index;
          d.touchService(instance.name(), index);
          return true;
        });
  }

  /** Removes an instance and its checks; returns whether it existed. */
  boolean deregister(String dc, String serviceId) {
    return write(dc, d -> deregister(d, serviceId));
  }

  private static boolean deregister(Datacenter d, String serviceId) {
    InstanceRecord removed = d.instances.remove(serviceId);
    if (removed == null) {
      return false;
    }
    long index = d.nextIndex();
    d.checks.values().removeIf(c -> c.serviceId.equals(serviceId));
    d.servicesIndex = index;
    d.touchService(removed.instance.name(), index);
    return true;
  }

  /**
   * Sets a service check's status.
   *
   * @throws IllegalArgumentException if no service check has that ID
   */
  void setCheckStatus(String dc, String checkId, CheckStatus status, String output) {
    write(
        dc,
        d -> {
          SimulatedCheck check = d.checks.get(checkId);
          if (check == null) {
            throw new IllegalArgumentException(
                "checkId: '" + checkId + "' (expected one of: " + d.checks.keySet() + ")");
          }
          return applyCheck(d, check, status, output, now());
        });
  }

  /** Sets a node's {@code serfHealth} check, which every instance on the node carries. */
  void setNodeHealth(String dc, String node, CheckStatus status) {
    write(
        dc,
        d -> {
          NodeRecord record = d.nodes.get(node);
          if (record == null) {
            throw new IllegalArgumentException(
                "node: '" + node + "' (expected one of: " + d.nodes.keySet() + ")");
          }
          String output =
              status == CheckStatus.PASSING
                  ? "Agent alive and reachable"
                  : "Agent not live or unreachable";
          if (!record.serfHealth().update(status, output, now())) {
            return false;
          }
          long index = d.nextIndex();
          record.serfHealth().modifyIndex = index;
          for (InstanceRecord r : d.instances.values()) {
            if (r.instance.node().equals(node)) {
              d.touchService(r.instance.name(), index);
            }
          }
          return true;
        });
  }

  /**
   * Updates a TTL check of the agent, resetting its TTL clock.
   *
   * @return false if the agent has no TTL check with that ID
   */
  boolean updateTtl(String checkId, CheckStatus status, String output) {
    return write(
        agentDatacenter,
        d -> {
          SimulatedCheck check = d.checks.get(checkId);
          if (check == null || !check.isTtl() || !check.node.equals(agentNode)) {
            return false;
          }
          long now = now();
          check.lastTtlUpdateNanos = now;
          check.ttlExpired = false;
          applyCheck(d, check, status, output, now);
          return true;
        });
  }

  private static boolean applyCheck(
      Datacenter d, SimulatedCheck check, CheckStatus status, String output, long atNanos) {
    if (!check.update(status, output, atNanos)) {
      return false;
    }
    long index = d.nextIndex();
    check.modifyIndex = index;
    d.touchService(check.serviceName, index);
    return true;
  }

  void injectRaw(String dc, String serviceName, JsonNode entry) {
    write(
        dc,
        d -> {
          long index = d.nextIndex();
          d.rawEntries.computeIfAbsent(serviceName, n -> new ArrayList<>()).add(entry);
          d.servicesIndex = index;
          d.touchService(serviceName, index);
          return true;
        });
  }

  void clearRaw(String dc, String serviceName) {
    write(
        dc,
        d -> {
          if (d.rawEntries.remove(serviceName) == null) {
            return false;
          }
          long index = d.nextIndex();
          d.servicesIndex = index;
          d.touchService(serviceName, index);
          return true;
        });
  }

  /** Every datacenter's indexes go back to {@code index}; waiting queries keep waiting. */
  void resetIndexes(long index) {
    lock.lock();
    try {
      datacenters.values().forEach(d -> d.resetIndexes(index));
    } finally {
      lock.unlock();
    }
  }

  /** Moves the simulated clock (TTLs, the reaper) forward; blocking waits keep real time. */
  void advance(Duration duration) {
    lock.lock();
    try {
      offsetNanos += duration.toNanos();
    } finally {
      lock.unlock();
    }
    tick();
  }

  /** Expires TTL checks and, every 30 simulated seconds, reaps long-critical agent services. */
  void tick() {
    lock.lock();
    try {
      long now = now();
      boolean any = false;
      for (Datacenter d : datacenters.values()) {
        for (SimulatedCheck c : d.checks.values()) {
          if (c.isTtl() && !c.ttlExpired && now - c.lastTtlUpdateNanos > c.ttlNanos) {
            c.ttlExpired = true;
            any |=
                applyCheck(
                    d, c, CheckStatus.CRITICAL, "TTL expired", c.lastTtlUpdateNanos + c.ttlNanos);
          }
        }
      }
      if (now - lastReapNanos >= REAP_INTERVAL_NANOS) {
        lastReapNanos = now;
        Datacenter d = datacenters.get(agentDatacenter);
        List<String> doomed = d.reapable(now);
        doomed.forEach(id -> deregister(d, id));
        any |= !doomed.isEmpty();
      }
      if (any) {
        waiters.wakeChanged();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code query} on {@code dc}; if {@code minIndex} is above 0, first waits until the data's
   * {@code index} (the index {@code query} will report) is above it or {@code waitNanos} pass.
   * Writes that do not move this index do not wake the query.
   *
   * @throws StoppedException if the simulator stops while waiting
   */
  Indexed read(
      String dc,
      long minIndex,
      long waitNanos,
      ToLongFunction<Datacenter> index,
      Function<Datacenter, Indexed> query)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      int startGeneration = generation;
      Datacenter d = datacenter(dc);
      if (minIndex > 0) {
        Waiters.Waiter waiter = waiters.park(d, minIndex, index);
        try {
          long remaining = waitNanos;
          while (generation == startGeneration && !waiter.changed() && remaining > 0) {
            remaining = waiter.await(remaining);
          }
        } finally {
          waiters.leave(waiter);
        }
      }
      if (generation != startGeneration) {
        throw new StoppedException();
      }
      return query.apply(d);
    } finally {
      lock.unlock();
    }
  }

  /** How many blocking queries are parked; for tests. */
  int waiting() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code view} under the lock, for the agent's non-blocking reads and for tests. */
  <T> T view(String dc, Function<Datacenter, T> view) {
    lock.lock();
    try {
      return view.apply(datacenter(dc));
    } finally {
      lock.unlock();
    }
  }

  /** Wakes and fails every waiting query: the server is going away. */
  void abortWaiters() {
    lock.lock();
    try {
      generation++;
      waiters.wakeAll();
    } finally {
      lock.unlock();
    }
  }

  String agentNode() {
    return agentNode;
  }

  String agentAddress() {
    return agentAddress;
  }

  private boolean write(String dc, Function<Datacenter, Boolean> change) {
    lock.lock();
    try {
      boolean changedSomething = change.apply(datacenter(dc));
      if (changedSomething) {
        waiters.wakeChanged();
      }
      return changedSomething;
    } finally {
      lock.unlock();
    }
  }

  private Datacenter datacenter(String dc) {
    Datacenter d = datacenters.get(dc);
    if (d == null) {
      throw new UnknownDatacenterException(dc);
    }
    return d;
  }

  private long now() {
    return System.nanoTime() + offsetNanos;
  }

  private void ensureNode(Datacenter d, String node, String address, long index) {
    NodeRecord existing = d.nodes.get(node);
    if (existing != null && existing.address().equals(address)) {
      return;
    }
    SimulatedCheck.Definition serf = new SimulatedCheck.Definition();
    serf.checkId = "serfHealth";
    serf.name = "Serf Health Status";
    serf.status = CheckStatus.PASSING;
    serf.output = "Agent alive and reachable";
    SimulatedCheck check =
        existing != null ? existing.serfHealth() : new SimulatedCheck(serf, node, now(), index);
    d.nodes.put(
        node,
        new NodeRecord(node, address, check, existing != null ? existing.createIndex() : index));
  }
}
