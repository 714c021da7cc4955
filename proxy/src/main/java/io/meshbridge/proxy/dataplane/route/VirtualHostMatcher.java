package io.meshbridge.proxy.dataplane.route;

import io.meshbridge.proxy.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Picks the virtual host for a Host header with Envoy's domain rules: an exact domain first, then
 * the longest {@code *suffix} wildcard, then the longest {@code prefix*} wildcard, then {@code *}.
 * Case-insensitive; a wildcard never matches the empty string; the Host is matched as given, port
 * included. Immutable: compiled once per route table, then shared by every event loop.
 */
public final class VirtualHostMatcher {

  private final Map<String, VirtualHostConfig> exact;
  private final List<Wildcard> suffixes;
  private final List<Wildcard> prefixes;
  private final @Nullable VirtualHostConfig any;

  private VirtualHostMatcher(
      Map<String, VirtualHostConfig> exact,
      List<Wildcard> suffixes,
      List<Wildcard> prefixes,
      @Nullable VirtualHostConfig any) {
    this.exact = exact;
    this.suffixes = suffixes;
    this.prefixes = prefixes;
    this.any = any;
  }

  /** Compiles the domains of {@code virtualHosts}; on a duplicate domain the first host wins. */
  public static VirtualHostMatcher of(List<VirtualHostConfig> virtualHosts) {
    Map<String, VirtualHostConfig> exact = new HashMap<>();
    List<Wildcard> suffixes = new ArrayList<>();
    List<Wildcard> prefixes = new ArrayList<>();
    VirtualHostConfig any = null;
    for (VirtualHostConfig vhost : virtualHosts) {
      for (String domain : vhost.domains()) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.equals("*")) {
          any = any == null ? vhost : any;
        } else if (d.startsWith("*")) {
          suffixes.add(new Wildcard(d.substring(1), vhost));
        } else if (d.endsWith("*")) {
          prefixes.add(new Wildcard(d.substring(0, d.length() - 1), vhost));
        } else {
          exact.putIfAbsent(d, vhost);
        }
      }
    }
    // Stable sort: among wildcards of one length, the first declared wins.
    Comparator<Wildcard> longestFirst = Comparator.comparingInt(w -> -w.fixed.length());
    suffixes.sort(longestFirst);
    prefixes.sort(longestFirst);
    return new VirtualHostMatcher(
        Map.copyOf(exact), List.copyOf(suffixes), List.copyOf(prefixes), any);
  }

  /** The virtual host for {@code host}, or null when no domain matches. */
  public @Nullable VirtualHostConfig match(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    VirtualHostConfig found = exact.get(h);
    if (found != null) {
      return found;
    }
    for (Wildcard w : suffixes) {
      if (h.length() > w.fixed.length() && h.endsWith(w.fixed)) {
        return w.vhost;
      }
    }
    for (Wildcard w : prefixes) {
      if (h.length() > w.fixed.length() && h.startsWith(w.fixed)) {
        return w.vhost;
      }
    }
    return any;
  }

  private record Wildcard(String fixed, VirtualHostConfig vhost) {}
}
