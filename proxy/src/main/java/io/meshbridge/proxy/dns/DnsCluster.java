package io.meshbridge.proxy.dns;

import io.meshbridge.proxy.bootstrap.HostPort;
import io.meshbridge.proxy.config.DnsSettings;
import io.meshbridge.proxy.config.EndpointConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One {@code STRICT_DNS} cluster: the endpoints as configured (host names or IP literals) and the
 * last good addresses of each host name. Confined to {@link DnsResolvingDataPlane}'s executor.
 */
final class DnsCluster {

  final String name;
  final LongAdder failures;
  DnsSettings settings;
  List<EndpointConfig> configured;
  @Nullable ScheduledFuture<?> refresh;
  boolean resolving;
  /** Host name → last good addresses (IP literals, sorted); absent until resolved once. */
  private final Map<String, List<String>> lastGood = new HashMap<>();
  /** Host names whose last resolution failed (to log a failure once, not every refresh). */
  private final Set<String> failing = new LinkedHashSet<>();

  DnsCluster(String name, DnsSettings settings, List<EndpointConfig> configured, LongAdder failures) {
    this.name = name;
    this.settings = settings;
    this.configured = List.copyOf(configured);
    this.failures = failures;
  }

  /** New endpoints: addresses of host names still configured are kept. */
  void configure(List<EndpointConfig> endpoints) {
    configured = List.copyOf(endpoints);
    lastGood.keySet().retainAll(hostNames());
    failing.retainAll(hostNames());
  }

  /** Forgets every address (the lookup family changed). */
  void forgetAddresses() {
    lastGood.clear();
    failing.clear();
  }

  /** The distinct host names (not IP literals) of the configured endpoints. */
  Set<String> hostNames() {
    Set<String> hosts = new LinkedHashSet<>();
    for (EndpointConfig e : configured) {
      if (!HostPort.isIpLiteral(e.host())) {
        hosts.add(e.host());
      }
    }
    return hosts;
  }

  /** Host names never resolved successfully. */
  Set<String> unresolved() {
    Set<String> hosts = hostNames();
    hosts.removeAll(lastGood.keySet());
    return hosts;
  }

  /** A successful answer, filtered by the lookup family; an empty one counts as a failure. */
  boolean succeeded(String host, List<InetAddress> answer) {
    List<String> addresses =
        LookupFamilies.select(settings.lookupFamily(), answer).stream()
            .map(InetAddress::getHostAddress)
            .distinct()
            .sorted()
            .toList();
    if (addresses.isEmpty()) {
      return false;
    }
    failing.remove(host);
    lastGood.put(host, addresses);
    return true;
  }

  /** Counts a failure; true when it is the first since the last success (worth a warning). */
  boolean failed(String host) {
    failures.increment();
    return failing.add(host);
  }

  /**
   * Each configured endpoint, a host name one repeated for each of its last good addresses (with
   * its weight, health, labels and locality); IP literals as they are.
   */
  List<EndpointConfig> endpoints() {
    List<EndpointConfig> out = new ArrayList<>();
    for (EndpointConfig e : configured) {
      if (HostPort.isIpLiteral(e.host())) {
        out.add(e);
        continue;
      }
      for (String address : lastGood.getOrDefault(e.host(), List.of())) {
        out.add(
            new EndpointConfig(address, e.port(), e.health(), e.weight(), e.labels(),
                e.locality(), e.priority(), e.localityWeight()));
      }
    }
    return out;
  }
}
