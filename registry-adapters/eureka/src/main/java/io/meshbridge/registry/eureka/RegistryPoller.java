package io.meshbridge.registry.eureka;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.support.SnapshotSequencer;
import io.meshbridge.registry.eureka.ApplicationsJson.Applications;
import io.meshbridge.registry.eureka.EurekaTransport.Request;
import io.meshbridge.registry.eureka.EurekaTransport.Response;
import io.meshbridge.registry.eureka.SnapshotAssembler.Contents;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch cycle after another, as Eureka's {@code DiscoveryClient} runs them: a full fetch first,
 * then deltas whose result is checked against the server's apps hash code, with a full fetch on a
 * mismatch. Publishes a snapshot when its content changed; on an outage, the last one marked stale;
 * after an outage, a full fetch.
 *
 * <p>Confined to the registry's thread, which owns all of its state; the counters are volatile so
 * that tests may read them.
 */
final class RegistryPoller {

  private static final Logger logger = LoggerFactory.getLogger(RegistryPoller.class);

  /** How many full fetches and deltas were applied, and how many deltas failed the hash check. */
  record FetchStats(long fullFetches, long deltaFetches, long hashMismatches) {}

  private final EurekaRegistryConfig config;
  private final EurekaTransport transport;
  private final SnapshotSequencer sequencer;
  private final LocalRegistry local = new LocalRegistry();

  private boolean needsFullFetch = true;
  private volatile long fullFetches;
  private volatile long deltaFetches;
  private volatile long assemblies;
  private long assembledAt = -1; // local.modifications() at the last assembly; registry's thread
  private volatile long hashMismatches;

  RegistryPoller(
      EurekaRegistryConfig config, EurekaTransport transport, SnapshotListener listener) {
    this.config = requireNonNull(config, "config");
    this.transport = requireNonNull(transport, "transport");
    this.sequencer =
        new SnapshotSequencer(
            "eureka registry " + config.id(), config.id(), requireNonNull(listener, "listener"));
  }

  /** Runs one cycle and publishes what changed; never throws. */
  void poll() {
    try {
      if (needsFullFetch) {
        fullFetch();
      } else {
        deltaFetch();
      }
      needsFullFetch = false;
      RegistrySnapshot last = sequencer.last();
      if (local.modifications() != assembledAt || last == null || last.stale()) {
        // Assembling converts every instance (O(registry size)): only when the copy changed, or
        // when the last content published must be published again fresh after an outage.
        Contents contents =
            SnapshotAssembler.assemble(local.instances(), config.namespace(), config.id());
        sequencer.publish(contents.services(), contents.endpoints(), false, contents.problems());
        assembledAt = local.modifications();
        assemblies++;
      }
    } catch (EurekaUnavailableException e) {
      needsFullFetch = true;
      outage(e.getMessage());
    } catch (RuntimeException e) {
      needsFullFetch = true;
      logger.error("eureka registry {}: fetch cycle failed", config.id(), e);
    }
  }

  /** How many times the local copy was converted to a snapshot (for tests). */
  long assemblies() {
    return assemblies;
  }

  FetchStats stats() {
    return new FetchStats(fullFetches, deltaFetches, hashMismatches);
  }

  private void fullFetch() {
    Applications full = fetch("apps/");
    local.replace(full);
    fullFetches++;
    logger.debug(
        "eureka registry {}: full fetch, {} instances, apps hash code {}",
        config.id(),
        full.instances().size(),
        full.appsHashCode());
  }

  private void deltaFetch() {
    Response response = transport.send(Request.get("apps/delta"));
    if (response.status() != 200) {
      // Eureka clients read any answer but 200 as "no delta to be had" and fetch everything.
      logger.info(
          "eureka registry {}: GET apps/delta from {} answered HTTP {}; full fetch",
          config.id(),
          response.server(),
          response.status());
      fullFetch();
      return;
    }
    Applications delta = parse(response);
    List<InstanceRecord> ignored = local.apply(delta);
    deltaFetches++;
    for (InstanceRecord instance : ignored) {
      logger.warn(
          "eureka registry {}: delta from {}: {}: actionType '{}' (expected: ADDED,"
              + " MODIFIED or DELETED); ignored",
          config.id(),
          response.server(),
          instance.describe(),
          instance.actionType());
    }
    String localHash = local.reconcileHashCode();
    if (!localHash.equals(delta.appsHashCode())) {
      hashMismatches++;
      logger.info(
          "eureka registry {}: after a delta of {} instances the local apps hash code is"
              + " '{}' but {} has '{}'; full fetch",
          config.id(),
          delta.instances().size(),
          localHash,
          response.server(),
          delta.appsHashCode());
      fullFetch();
    }
  }

  private Applications fetch(String path) {
    Response response = transport.send(Request.get(path));
    if (response.status() != 200) {
      throw new EurekaUnavailableException(
          "GET "
              + path
              + ": "
              + response.server()
              + " answered HTTP "
              + response.status()
              + " (expected: 200)");
    }
    return parse(response);
  }

  private static Applications parse(Response response) {
    try {
      return ApplicationsJson.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new EurekaUnavailableException(
          "the answer of " + response.server() + " is unreadable: " + e.getMessage(), e);
    }
  }

  private void outage(String reason) {
    RegistrySnapshot last = sequencer.last();
    if (last == null) {
      logger.warn(
          "eureka registry {}: {}; nothing fetched yet, retrying in {}",
          config.id(),
          reason,
          config.fetchInterval());
      return;
    }
    if (last.stale()) {
      logger.debug("eureka registry {}: still unavailable: {}", config.id(), reason);
      return;
    }
    logger.warn(
        "eureka registry {}: {}; serving the last content, marked stale", config.id(), reason);
    sequencer.publishStale("eureka: " + reason + "; serving the last content fetched");
  }
}
