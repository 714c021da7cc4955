package io.meshbridge.pilot.api;

import io.meshbridge.pilot.translate.ProxyScope;
import io.meshbridge.pilot.xds.Nack;
import io.meshbridge.pilot.xds.ProxyStatus;
import io.meshbridge.pilot.xds.TypeStatus;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of {@code GET /v1/proxies}. Field names are part of the API: see pilot/README.md.
 *
 * @param proxies the connected xDS streams, oldest first
 */
public record ProxiesView(List<ProxyView> proxies) {

  /**
   * One xDS stream.
   *
   * @param types keyed by type URL, e.g. {@code type.googleapis.com/envoy.config.cluster.v3.Cluster}
   */
  public record ProxyView(
      long streamId,
      String nodeId,
      String cluster,
      @Nullable ScopeView scope,
      String userAgent,
      String connectedSince,
      boolean delta,
      SortedMap<String, TypeView> types,
      @Nullable String identity) {}

  /** The proxy's scope: {@code kind} is SIDECAR or PROXYLESS. */
  public record ScopeView(String kind, String bindAddress) {}

  /** Per type: versions are empty strings until sent or ACKed; {@code lastNack} may be null. */
  public record TypeView(String sentVersion, String ackedVersion, @Nullable NackView lastNack) {}

  /** A rejection: the rejected version, the proxy's message, and when (ISO-8601). */
  public record NackView(String version, String message, String at) {}

  static ProxiesView of(List<ProxyStatus> statuses) {
    return new ProxiesView(statuses.stream().map(ProxiesView::proxy).toList());
  }

  private static ProxyView proxy(ProxyStatus s) {
    SortedMap<String, TypeView> types = new TreeMap<>();
    s.types().forEach((url, t) -> types.put(url, type(t)));
    ProxyScope scope = s.scope();
    return new ProxyView(
        s.streamId(),
        s.nodeId(),
        s.cluster(),
        scope == null ? null : new ScopeView(scope.kind().name(), scope.bindAddress()),
        s.userAgent(),
        s.connectedSince().toString(),
        s.delta(),
        types,
        s.identity());
  }

  private static TypeView type(TypeStatus t) {
    Nack nack = t.lastNack();
    return new TypeView(
        t.sentVersion(),
        t.ackedVersion(),
        nack == null ? null : new NackView(nack.version(), nack.message(), nack.at().toString()));
  }
}
