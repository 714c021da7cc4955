package io.meshbridge.proxy.dataplane.tcp;

import io.meshbridge.proxy.config.TcpChain;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Picks a listener's filter chain as Envoy does, server name first, then transport protocol. The
 * server name: an exact name, then the wildcards from the longest suffix ({@code a.b.example.com}:
 * {@code *.b.example.com}, {@code *.example.com}, {@code *.com}), then the chains without server
 * names; no SNI (or plaintext) → those last. Among the chains of that name: the one for the
 * connection's protocol ({@code tls} or {@code raw_buffer}), else the one for any protocol. As in
 * Envoy there is no going back: a name whose chains do not take the protocol matches nothing.
 */
final class ChainSelector {

  /** The chains of one server name, by transport protocol. */
  private static final class ByProtocol {
    @Nullable TcpChain tls;
    @Nullable TcpChain raw;
    @Nullable TcpChain any;

    void add(TcpChain chain) {
      switch (chain.transportProtocol()) {
        case TcpChain.TLS -> tls = tls == null ? chain : tls;
        case TcpChain.RAW_BUFFER -> raw = raw == null ? chain : raw;
        default -> any = any == null ? chain : any;
      }
    }

    @Nullable TcpChain select(boolean isTls) {
      TcpChain exact = isTls ? tls : raw;
      return exact != null ? exact : any;
    }
  }

  private final Map<String, ByProtocol> byName = new HashMap<>();
  private final @Nullable ByProtocol fallback;

  ChainSelector(List<TcpChain> chains) {
    ByProtocol none = null;
    for (TcpChain chain : chains) {
      if (chain.serverNames().isEmpty()) {
        none = none == null ? new ByProtocol() : none;
        none.add(chain);
      }
      for (String name : chain.serverNames()) {
        byName.computeIfAbsent(name, n -> new ByProtocol()).add(chain);
      }
    }
    fallback = none;
  }

  /** The chain for a TLS connection with {@code serverName} (the SNI, or null for none). */
  @Nullable TcpChain select(@Nullable String serverName) {
    return select(serverName, true);
  }

  /**
   * The chain for a connection with {@code serverName} (null: no SNI, or plaintext) that is TLS
   * ({@code isTls}) or plaintext.
   */
  @Nullable TcpChain select(@Nullable String serverName, boolean isTls) {
    ByProtocol chains = names(serverName);
    return chains == null ? null : chains.select(isTls);
  }

  private @Nullable ByProtocol names(@Nullable String serverName) {
    if (serverName == null || serverName.isEmpty()) {
      return fallback;
    }
    String name = serverName.toLowerCase(Locale.ROOT);
    ByProtocol exact = byName.get(name);
    if (exact != null) {
      return exact;
    }
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      ByProtocol wildcard = byName.get("*" + name.substring(dot));
      if (wildcard != null) {
        return wildcard;
      }
    }
    return fallback;
  }
}
