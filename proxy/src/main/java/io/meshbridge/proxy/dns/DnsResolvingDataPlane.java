package io.meshbridge.proxy.dns;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.DataPlane;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataPlane} in front of another that resolves the host names of {@code STRICT_DNS}
 * clusters ({@link ClusterConfig#dns()}): each config is passed on with those clusters' endpoints
 * replaced by one endpoint per resolved address, so balancers, outlier detection and circuit
 * breakers work on addresses as they do for EDS. A new host name is resolved before the config
 * that introduces it is passed on; every host name is resolved again every {@code refreshRate},
 * and the config passed on again only when an address changed. A failed or empty resolution keeps
 * the host's last good addresses and counts {@code dns_resolution_failure_total{cluster}}.
 *
 * <p>All state lives on one thread; lookups run on the {@link DnsResolver}'s.
 */
public final class DnsResolvingDataPlane implements DataPlane {

  private static final Logger log = LoggerFactory.getLogger(DnsResolvingDataPlane.class);

  private final DataPlane delegate;
  private final DnsResolver resolver;
  private final StatsRegistry stats;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "meshbridge-dns-clusters");
            t.setDaemon(true);
            return t;
          });

  // Confined to the executor.
  private final Map<String, DnsCluster> clusters = new HashMap<>();
  private @Nullable ProxyConfig source;
  private @Nullable ProxyConfig forwarded;

  /**
   * @param delegate what the configs with resolved endpoints are applied to; closed with this
   * @param resolver looks host names up; closed with this
   * @param stats where {@code dns_resolution_failure_total} goes
   */
  public DnsResolvingDataPlane(DataPlane delegate, DnsResolver resolver, StatsRegistry stats) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.resolver = requireNonNull(resolver, "resolver");
    this.stats = requireNonNull(stats, "stats");
  }

  @Override
  public CompletableFuture<Map<String, String>> apply(ProxyConfig config) {
    requireNonNull(config, "config");
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            List<CompletableFuture<Void>> first = new ArrayList<>();
            for (DnsCluster cluster : sync(config)) {
              first.add(resolve(cluster, List.copyOf(cluster.unresolved())));
            }
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
                .thenComposeAsync(
                    x -> {
                      source = config;
                      return forward();
                    },
                    executor)
                .whenComplete(
                    (refused, e) -> {
                      if (e != null) {
                        result.completeExceptionally(e);
                      } else {
                        result.complete(refused);
                      }
                    });
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("data plane is closed", e));
    }
    return result;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    resolver.close();
    delegate.close();
  }

  /** Creates, updates and forgets DNS clusters to match {@code config}; returns all of them. */
  private List<DnsCluster> sync(ProxyConfig config) {
    Map<String, DnsCluster> kept = new HashMap<>();
    for (ClusterConfig cc : config.clusters().values()) {
      DnsSettings settings = cc.dns();
      if (settings == null) {
        continue;
      }
      List<EndpointConfig> configured =
          config.endpoints().getOrDefault(cc.edsServiceName(), List.of());
      DnsCluster cluster = clusters.remove(cc.name());
      if (cluster == null) {
        cluster =
            new DnsCluster(cc.name(), settings, configured,
                stats.counter("dns_resolution_failure_total",
                    "STRICT_DNS host name resolutions that failed or found no address.",
                    Map.of("cluster", cc.name())));
      } else if (!cluster.configured.equals(configured)) {
        cluster.configure(configured);
      }
      if (cluster.settings.lookupFamily() != settings.lookupFamily()) {
        cluster.settings = settings;
        cluster.forgetAddresses(); // resolved again, for the new family, before applying
      }
      if (cluster.refresh == null || !cluster.settings.equals(settings)) {
        cluster.settings = settings;
        schedule(cluster);
      }
      kept.put(cc.name(), cluster);
    }
    clusters.values().forEach(DnsResolvingDataPlane::cancel); // no longer STRICT_DNS clusters
    clusters.clear();
    clusters.putAll(kept);
    return List.copyOf(kept.values());
  }

  private void schedule(DnsCluster cluster) {
    cancel(cluster);
    long nanos = cluster.settings.refreshRate().toNanos();
    cluster.refresh =
        executor.scheduleWithFixedDelay(() -> refresh(cluster), nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private static void cancel(DnsCluster cluster) {
    if (cluster.refresh != null) {
      cluster.refresh.cancel(false);
      cluster.refresh = null;
    }
  }

  /** Resolves every host name again; passes the config on when an address changed. */
  private void refresh(DnsCluster cluster) {
    if (cluster.resolving || clusters.get(cluster.name) != cluster) {
      return; // the previous refresh is still waiting for an answer, or the cluster is gone
    }
    cluster.resolving = true;
    resolve(cluster, List.copyOf(cluster.hostNames()))
        .thenRunAsync(
            () -> {
              cluster.resolving = false;
              if (source != null && clusters.get(cluster.name) == cluster) {
                forward()
                    .whenComplete(
                        (refused, e) -> {
                          if (e != null) {
                            log.error("Cluster {}: the data plane failed to apply new addresses",
                                cluster.name, e);
                          }
                        });
              }
            },
            executor);
  }

  /** Resolves {@code hosts}; completes on the executor once every answer is recorded. */
  private CompletableFuture<Void> resolve(DnsCluster cluster, List<String> hosts) {
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (String host : hosts) {
      CompletableFuture<List<InetAddress>> lookup;
      try {
        lookup = requireNonNull(resolver.resolve(host), "DnsResolver.resolve returned null");
      } catch (RuntimeException e) {
        lookup = CompletableFuture.failedFuture(e);
      }
      answers.add(lookup.handleAsync((answer, e) -> record(cluster, host, answer, e), executor));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
  }

  private @Nullable Void record(
      DnsCluster cluster, String host, @Nullable List<InetAddress> answer, @Nullable Throwable e) {
    if (e == null && answer != null && cluster.succeeded(host, answer)) {
      return null;
    }
    String why = e != null ? String.valueOf(e.getCause() != null ? e.getCause() : e)
        : "no " + cluster.settings.lookupFamily() + " address";
    if (cluster.failed(host)) {
      log.warn("Cluster {}: cannot resolve {} ({}); keeping its last good addresses",
          cluster.name, host, why);
    } else {
      log.debug("Cluster {}: cannot resolve {} ({}), again", cluster.name, host, why);
    }
    return null;
  }

  /** Applies the last config with every DNS cluster's current addresses. */
  private CompletableFuture<Map<String, String>> forward() {
    ProxyConfig from = requireNonNull(source, "source");
    Map<String, List<EndpointConfig>> endpoints = new HashMap<>(from.endpoints());
    for (DnsCluster cluster : clusters.values()) {
      ClusterConfig cc = from.clusters().get(cluster.name);
      if (cc != null) {
        endpoints.put(cc.edsServiceName(), cluster.endpoints());
      }
    }
    ProxyConfig resolved =
        new ProxyConfig(from.listeners(), from.routes(), from.clusters(), endpoints, from.secrets());
    if (resolved.equals(forwarded)) {
      return CompletableFuture.completedFuture(Map.of());
    }
    forwarded = resolved;
    CompletableFuture<Map<String, String>> applied = delegate.apply(resolved);
    applied.whenCompleteAsync(
        (refused, e) -> {
          if (e != null && forwarded == resolved) {
            forwarded = null; // unknown state: pass the next config on whatever it is
          }
        },
        executor);
    return applied;
  }
}
