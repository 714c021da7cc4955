package io.meshbridge.proxy.dataplane.tcp;

import io.meshbridge.proxy.config.TcpChain;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Picks a listener's filter chain by TLS server name as Envoy does: an exact name first, then the
 * wildcards from the longest suffix ({@code a.b.example.com}: {@code *.b.example.com}, {@code
 * *.example.com}, {@code *.com}), then the chain without server names. No SNI → that last chain.
 */
final class ChainSelector {

  private final Map<String, TcpChain> byName = new HashMap<>();
  private final @Nullable TcpChain fallback;

  ChainSelector(List<TcpChain> chains) {
    TcpChain any = null;
    for (TcpChain chain : chains) {
      if (chain.serverNames().isEmpty()) {
        any = chain;
      }
      for (String name : chain.serverNames()) {
        byName.putIfAbsent(name, chain);
      }
    }
    fallback = any;
  }

  /** The chain for {@code serverName} (the SNI, or {@code null} when the client sent none). */
  @Nullable TcpChain select(@Nullable String serverName) {
    if (serverName == null || serverName.isEmpty()) {
      return fallback;
    }
    String name = serverName.toLowerCase(Locale.ROOT);
    TcpChain exact = byName.get(name);
    if (exact != null) {
      return exact;
    }
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      TcpChain wildcard = byName.get("*" + name.substring(dot));
      if (wildcard != null) {
        return wildcard;
      }
    }
    return fallback;
  }
}
