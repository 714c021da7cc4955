package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.SecretRef;
import io.meshbridge.proxy.config.TlsSecret;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import io.netty.handler.ssl.SslContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SslContext} of every TLS configuration in use, built from the secrets of one moment.
 * Immutable: a new one is published whenever configs or secrets change, so new connections get the
 * new contexts while open ones keep the engines they were made with. A context whose secret has not
 * arrived is missing; its reason is kept for the log.
 */
public final class TlsContexts {

  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  public static final TlsContexts EMPTY = new TlsContexts(Map.of(), Map.of(), Map.of(), Map.of());

  private final Map<DownstreamTlsConfig, Built> servers;
  private final Map<UpstreamTlsConfig, Built> clients;
  private final Map<String, TlsSecret> adsSecrets;
  private final Map<String, TlsSecret> localSecrets;

  /** A context with the secret versions it was built from, or why it could not be. */
  private record Built(@Nullable SslContext context, String problem, Map<SecretRef, TlsSecret> used) {}

  private TlsContexts(Map<DownstreamTlsConfig, Built> servers, Map<UpstreamTlsConfig, Built> clients,
      Map<String, TlsSecret> adsSecrets, Map<String, TlsSecret> localSecrets) {
    this.servers = Map.copyOf(servers);
    this.clients = Map.copyOf(clients);
    this.adsSecrets = Map.copyOf(adsSecrets);
    this.localSecrets = Map.copyOf(localSecrets);
  }

  /**
   * Contexts for {@code servers} and {@code clients} with these secrets; a context whose
   * configuration and secrets did not change is taken from {@code this} (so an unchanged config
   * costs nothing). Reads files: call it off the event loops.
   */
  public TlsContexts rebuild(Collection<DownstreamTlsConfig> serverConfigs,
      Collection<UpstreamTlsConfig> clientConfigs, Map<String, TlsSecret> ads,
      Map<String, TlsSecret> local) {
    Function<SecretRef, @Nullable TlsSecret> lookup =
        ref -> ref.local() ? local.get(ref.name()) : ads.get(ref.name());
    Map<DownstreamTlsConfig, Built> nextServers = new HashMap<>();
    for (DownstreamTlsConfig c : serverConfigs) {
      nextServers.computeIfAbsent(c, k -> reuseOrBuild(servers.get(k), k.settings().secrets(),
          lookup, () -> SslContexts.server(k, lookup), "downstream " + k.settings().secrets()));
    }
    Map<UpstreamTlsConfig, Built> nextClients = new HashMap<>();
    for (UpstreamTlsConfig c : clientConfigs) {
      nextClients.computeIfAbsent(c, k -> reuseOrBuild(clients.get(k), k.settings().secrets(),
          lookup, () -> SslContexts.client(k, lookup), "upstream sni '" + k.sni() + "'"));
    }
    return new TlsContexts(nextServers, nextClients, ads, local);
  }

  /** The secrets these contexts were built from (ADS, then the identity provider's). */
  public Map<String, TlsSecret> adsSecrets() {
    return adsSecrets;
  }

  public Map<String, TlsSecret> localSecrets() {
    return localSecrets;
  }

  /** The server context for {@code config}, or null when it could not be built (see log). */
  public @Nullable SslContext server(DownstreamTlsConfig config) {
    Built b = servers.get(config);
    return b == null ? null : b.context();
  }

  /** The client context for {@code config}, or null when it could not be built. */
  public @Nullable SslContext client(UpstreamTlsConfig config) {
    Built b = clients.get(config);
    return b == null ? null : b.context();
  }

  /** Why {@code config}'s context is missing. */
  public String problem(Object config) {
    Built b = config instanceof DownstreamTlsConfig d ? servers.get(d)
        : config instanceof UpstreamTlsConfig u ? clients.get(u) : null;
    return b == null ? "no TLS context for this configuration yet" : b.problem();
  }

  @FunctionalInterface
  private interface Builder {
    SslContext build() throws SslContexts.TlsUnavailableException;
  }

  private static Built reuseOrBuild(@Nullable Built before, java.util.List<SecretRef> refs,
      Function<SecretRef, @Nullable TlsSecret> lookup, Builder builder, String what) {
    Map<SecretRef, TlsSecret> used = new HashMap<>();
    for (SecretRef ref : refs) {
      TlsSecret s = lookup.apply(ref);
      if (s != null) {
        used.put(ref, s);
      }
    }
    if (before != null && before.context() != null && Objects.equals(before.used(), used)) {
      return before;
    }
    try {
      return new Built(builder.build(), "", used);
    } catch (SslContexts.TlsUnavailableException e) {
      log.warn("TLS context for {} unavailable: {}", what, e.getMessage());
      return new Built(null, e.getMessage(), used);
    }
  }
}
