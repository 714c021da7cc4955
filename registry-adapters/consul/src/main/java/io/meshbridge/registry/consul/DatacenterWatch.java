package io.meshbridge.registry.consul;

import io.meshbridge.registry.consul.SnapshotAssembler.Observed;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * Everything watched in one datacenter: the service list, and one health watch per listed service,
 * started when the service appears and stopped when it goes. Lives on the registry's thread; calls
 * {@code changed} there whenever what it holds changed.
 */
final class DatacenterWatch {

  /** Builds the blocking loops; the registry supplies its executor, reads and settings. */
  interface Watches {
    BlockingWatch<Map<String, List<String>>> services(
        String datacenter, BlockingWatch.Sink<Map<String, List<String>>> sink);

    BlockingWatch<List<ServiceHealth>> instances(
        String datacenter, String service, BlockingWatch.Sink<List<ServiceHealth>> sink);
  }

  /** One service's watch and what it last read. */
  private static final class ServiceState {
    @Nullable BlockingWatch<List<ServiceHealth>> watch;
    @Nullable List<ServiceHealth> entries;
    @Nullable String failure;
    boolean outage;
    boolean answered;
  }

  private final String datacenter;
  private final Set<String> excluded;
  private final Watches watches;
  private final Runnable changed;
  private final BlockingWatch<Map<String, List<String>>> catalog;
  private final Map<String, ServiceState> services = new TreeMap<>();
  private @Nullable String catalogFailure;
  private boolean catalogOutage;
  private boolean catalogAnswered;

  /**
   * The first failure of an outage (Consul unreachable or refusing), kept until every watch here
   * answers again, so that one outage is one stale snapshot and one recovery one fresh snapshot.
   */
  private @Nullable String outageProblem;

  DatacenterWatch(String datacenter, Set<String> excluded, Watches watches, Runnable changed) {
    this.datacenter = datacenter;
    this.excluded = Set.copyOf(excluded);
    this.watches = watches;
    this.changed = changed;
    this.catalog =
        watches.services(
            datacenter,
            new BlockingWatch.Sink<>() {
              @Override
              public void onData(Map<String, List<String>> body) {
                onServices(body.keySet());
              }

              @Override
              public void onFailure(Throwable failure) {
                catalogFailure = where() + ": cannot list services: " + describe(failure);
                catalogOutage = !Failures.isUnreadableAnswer(failure);
                catalogAnswered = true;
                noteFailure(catalogFailure, catalogOutage);
                changed.run();
              }
            });
  }

  void start() {
    catalog.start();
  }

  void stop() {
    catalog.stop();
    services
        .values()
        .forEach(
            s -> {
              if (s.watch != null) {
                s.watch.stop();
              }
            });
  }

  /** Whether the list and every listed service have answered (or failed) at least once. */
  boolean settled() {
    return catalogAnswered && services.values().stream().allMatch(s -> s.answered);
  }

  /** Whether Consul cannot be reached here (or refuses), as opposed to sending unreadable data. */
  boolean outage() {
    return outageProblem != null;
  }

  /** Adds what each service's watch last read, and the current failures. */
  void collect(List<Observed> observed, List<String> failures) {
    if (outageProblem != null) {
      failures.add(outageProblem);
    }
    if (catalogFailure != null && !catalogOutage) {
      failures.add(catalogFailure);
    }
    services.forEach(
        (name, s) -> {
          if (s.entries != null) {
            observed.add(new Observed(datacenter, name, s.entries));
          }
          if (s.failure != null && !s.outage) {
            failures.add(s.failure);
          }
        });
  }

  private void noteFailure(String failure, boolean outage) {
    if (outage && outageProblem == null) {
      outageProblem = failure;
    }
  }

  /** After an answer: the outage is over once no watch here is failing to reach Consul. */
  private void noteAnswer() {
    boolean stillOut =
        (catalogFailure != null && catalogOutage)
            || services.values().stream().anyMatch(s -> s.failure != null && s.outage);
    if (!stillOut) {
      outageProblem = null;
    }
  }

  private void onServices(Set<String> listed) {
    catalogFailure = null;
    catalogAnswered = true;
    Set<String> wanted = new TreeSet<>(listed);
    wanted.removeAll(excluded);
    services
        .keySet()
        .removeIf(
            name -> {
              if (wanted.contains(name)) {
                return false;
              }
              BlockingWatch<List<ServiceHealth>> w = services.get(name).watch;
              if (w != null) {
                w.stop();
              }
              return true;
            });
    for (String name : wanted) {
      if (!services.containsKey(name)) {
        ServiceState state = new ServiceState();
        services.put(name, state);
        state.watch = watches.instances(datacenter, name, sink(name, state));
        state.watch.start();
      }
    }
    noteAnswer();
    changed.run();
  }

  private BlockingWatch.Sink<List<ServiceHealth>> sink(String name, ServiceState state) {
    return new BlockingWatch.Sink<>() {
      @Override
      public void onData(List<ServiceHealth> entries) {
        state.entries = List.copyOf(entries);
        state.failure = null;
        state.outage = false;
        state.answered = true;
        noteAnswer();
        changed.run();
      }

      @Override
      public void onFailure(Throwable failure) {
        state.failure =
            where() + ": service " + name + ": cannot read its instances: " + describe(failure);
        state.outage = !Failures.isUnreadableAnswer(failure);
        state.answered = true;
        noteFailure(state.failure, state.outage);
        changed.run();
      }
    };
  }

  private static String describe(Throwable failure) {
    return Failures.isUnreadableAnswer(failure)
        ? "Consul's answer cannot be read (" + Failures.describe(failure) + ")"
        : Failures.describe(failure);
  }

  private String where() {
    return datacenter.isEmpty() ? "the agent's datacenter" : "datacenter " + datacenter;
  }
}
