package io.meshbridge.registry.consul;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.support.RegistryLifecycle;
import io.meshbridge.model.support.SnapshotSequencer;
import io.meshbridge.registry.consul.ConsulRegistryBuilder.Settings;
import io.meshbridge.registry.consul.SnapshotAssembler.Contents;
import io.meshbridge.registry.consul.SnapshotAssembler.Observed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * Services and endpoints from Consul: the instances whose checks all pass, read from the health API
 * ({@code /v1/health/service/<name>?passing}) with blocking queries, in one or more datacenters.
 *
 * <p>One blocking watch follows each datacenter's service list ({@code /v1/catalog/services}); one
 * per listed service follows its passing instances, started and stopped as services come and go.
 * All state lives on one thread, {@code consul-registry-<id>}; consul-client's HTTP threads only
 * hand answers to it. A snapshot is published once every watch has answered, and then whenever the
 * content changes. When Consul cannot be reached (or refuses the token), the last content is
 * published marked stale with the failure in its problems, and the watches retry with backoff; on
 * recovery they read everything afresh and a snapshot follows only if something differs. See the
 * module README for how Consul data becomes the model.
 */
public final class ConsulRegistry implements RegistryAdapter {

  private final Settings settings;
  private final ConsulReads reads;
  private final RegistryLifecycle lifecycle;

  // Touched only on the registry's thread.
  private final List<DatacenterWatch> datacenters = new ArrayList<>();
  private Map<ServiceKey, ServicePort> ports = Map.of();
  private @Nullable SnapshotSequencer sequencer;

  ConsulRegistry(Settings settings) {
    this(
        settings,
        new KiwiConsulReads(
            ConsulClients.build(settings.address(), settings.token(), settings.connectTimeout())));
  }

  ConsulRegistry(Settings settings, ConsulReads reads) {
    this.settings = settings;
    this.reads = reads;
    this.lifecycle = new RegistryLifecycle("consul registry " + settings.id());
  }

  /** A builder for a registry named {@code id}, with every other setting at its default. */
  public static ConsulRegistryBuilder builder(String id) {
    return new ConsulRegistryBuilder(id);
  }

  @Override
  public String id() {
    return settings.id();
  }

  /**
   * Starts the watches on the registry's thread and returns; the first snapshot follows once every
   * watch has answered or failed once.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start(SnapshotListener snapshotListener) {
    requireNonNull(snapshotListener, "listener");
    lifecycle.start(
        "consul-registry-" + id(),
        thread -> thread.execute(() -> startWatches(thread, snapshotListener)));
  }

  private void startWatches(ScheduledExecutorService thread, SnapshotListener snapshotListener) {
    sequencer =
        new SnapshotSequencer(
            "consul registry " + id(), id(), lifecycle.listenerUntilClosed(snapshotListener));
    WatchFactory watches = new WatchFactory(settings, reads, thread);
    List<String> names = settings.datacenters().isEmpty() ? List.of("") : settings.datacenters();
    for (String dc : names) {
      datacenters.add(new DatacenterWatch(dc, settings.excludedServices(), watches, this::changed));
    }
    datacenters.forEach(DatacenterWatch::start);
  }

  /** Called on the registry's thread whenever a watch's state changed. */
  private void changed() {
    if (lifecycle.closed() || !datacenters.stream().allMatch(DatacenterWatch::settled)) {
      return;
    }
    List<Observed> observed = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    datacenters.forEach(d -> d.collect(observed, failures));
    Contents contents =
        SnapshotAssembler.assemble(
            settings.namespace(), id(), settings.defaultProtocol(), observed, ports);
    ports = contents.ports();
    boolean stale = datacenters.stream().anyMatch(DatacenterWatch::outage);
    List<String> problems = new ArrayList<>(contents.problems());
    for (String failure : failures) {
      problems.add(failure + "; serving the last content read");
    }
    requireNonNull(sequencer, "sequencer")
        .publish(contents.services(), contents.endpoints(), stale, problems);
  }

  /** Stops the watches and releases threads and connections; idempotent. */
  @Override
  public void close() {
    if (lifecycle.close(() -> {})) {
      reads.close();
    }
  }

  @Override
  public String toString() {
    return "ConsulRegistry{id="
        + id()
        + ", address="
        + settings.address()
        + ", datacenters="
        + settings.datacenters()
        + "}";
  }

  /** Builds the blocking loops of one registry over its reads, thread and settings. */
  private record WatchFactory(
      Settings settings, ConsulReads reads, ScheduledExecutorService executor)
      implements DatacenterWatch.Watches {

    @Override
    public BlockingWatch<Map<String, List<String>>> services(
        String dc, BlockingWatch.Sink<Map<String, List<String>>> sink) {
      return new BlockingWatch<>(
          settings.id() + " " + label(dc) + " services",
          executor,
          (index, answer) -> reads.services(dc, index, settings.waitTime(), answer),
          sink,
          settings.backoff(),
          settings.minRequestInterval().toNanos(),
          System::nanoTime);
    }

    @Override
    public BlockingWatch<List<ServiceHealth>> instances(
        String dc, String service, BlockingWatch.Sink<List<ServiceHealth>> sink) {
      return new BlockingWatch<>(
          settings.id() + " " + label(dc) + " service " + service,
          executor,
          (index, answer) ->
              reads.passingInstances(dc, service, index, settings.waitTime(), answer),
          sink,
          settings.backoff(),
          settings.minRequestInterval().toNanos(),
          System::nanoTime);
    }

    private static String label(String dc) {
      return dc.isEmpty() ? "(agent's datacenter)" : dc;
    }
  }
}
