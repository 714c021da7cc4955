package io.meshbridge.proxy.dataplane.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainSelectorTest {

  private static TcpChain chain(String name, String... serverNames) {
    return new TcpChain(List.of(serverNames), TcpProxyConfig.single(name, name));
  }

  private final TcpChain exact = chain("exact", "api.example.com");
  private final TcpChain shortWildcard = chain("short", "*.example.com");
  private final TcpChain longWildcard = chain("long", "*.eu.example.com");
  private final TcpChain any = chain("any");
  private final ChainSelector selector =
      new ChainSelector(List.of(shortWildcard, any, longWildcard, exact));

  @Test
  void exactBeatsWildcardsAndTheLongestSuffixWins() {
    assertThat(selector.select("api.example.com")).isSameAs(exact);
    assertThat(selector.select("API.Example.COM")).isSameAs(exact);
    assertThat(selector.select("web.example.com")).isSameAs(shortWildcard);
    assertThat(selector.select("a.b.example.com")).as("several labels").isSameAs(shortWildcard);
    assertThat(selector.select("web.eu.example.com")).isSameAs(longWildcard);
  }

  @Test
  void theChainWithoutNamesTakesTheRestAndClientsWithoutSni() {
    assertThat(selector.select("example.com")).as("*.example.com needs a label").isSameAs(any);
    assertThat(selector.select("other.org")).isSameAs(any);
    assertThat(selector.select(null)).isSameAs(any);
    assertThat(new ChainSelector(List.of(exact)).select(null)).isNull();
    assertThat(new ChainSelector(List.of(exact)).select("other.org")).isNull();
  }

  @Test
  void serverNameFirstThenTransportProtocolWithoutGoingBack() {
    TcpChain tls = new TcpChain(List.of(), "tls", null, TcpProxyConfig.single("t", "t"), List.of());
    TcpChain raw =
        new TcpChain(List.of(), "raw_buffer", null, TcpProxyConfig.single("r", "r"), List.of());
    TcpChain named = new TcpChain(
        List.of("a.example.com"), "raw_buffer", null, TcpProxyConfig.single("n", "n"), List.of());
    ChainSelector selector = new ChainSelector(List.of(tls, raw, named));

    assertThat(selector.select(null, true)).isSameAs(tls);
    assertThat(selector.select(null, false)).isSameAs(raw);
    assertThat(selector.select("other.org", true)).isSameAs(tls);
    assertThat(selector.select("a.example.com", true))
        .as("the name's chains do not take TLS: no fallback to the unnamed ones, as Envoy")
        .isNull();
    assertThat(new ChainSelector(List.of(tls)).select(null, false)).as("STRICT").isNull();
    TcpChain any = chain("any");
    assertThat(new ChainSelector(List.of(tls, any)).select(null, false)).isSameAs(any);
  }
}
