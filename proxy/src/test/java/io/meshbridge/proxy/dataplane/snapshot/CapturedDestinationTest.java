package io.meshbridge.proxy.dataplane.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.ListenerConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapturedDestinationTest {

  private static InetSocketAddress at(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  @Test
  void aConnectionToAnotherAddressThanTheListenersWasCapturedAndKeepsItsDestination() {
    assertThat(CapturedDestination.of(at("10.9.9.9", 8080), at("0.0.0.0", 15001)))
        .isEqualTo(at("10.9.9.9", 8080));
    assertThat(CapturedDestination.of(at("10.9.9.9", 15001), at("127.0.0.1", 15001)))
        .as("same port, another IP than a specific bind")
        .isEqualTo(at("10.9.9.9", 15001));
    assertThat(CapturedDestination.of(at("::1", 8080), at("::", 15001)))
        .isEqualTo(at("::1", 8080));
  }

  @Test
  void aConnectionToTheListenersOwnAddressHasNone() {
    assertThat(CapturedDestination.of(at("127.0.0.1", 15001), at("127.0.0.1", 15001))).isNull();
    assertThat(CapturedDestination.of(at("127.0.0.7", 15001), at("0.0.0.0", 15001)))
        .as("any IP of a wildcard bind, on its port")
        .isNull();
  }

  @Test
  void theChannelKeepsItsOriginalDestination() {
    EmbeddedChannel ch = new EmbeddedChannel();
    assertThat(CapturedDestination.get(ch)).isNull();

    CapturedDestination.set(ch, at("10.9.9.9", 8080));

    assertThat(CapturedDestination.get(ch)).isEqualTo(at("10.9.9.9", 8080));
    ch.finishAndReleaseAll();
  }

  @Test
  void theOwnerIsTheListenerOnExactlyThatAddressElseOnAWildcardWithThatPort() {
    ListenerConfig virtual = new ListenerConfig("virtualOutbound", "0.0.0.0", 15001, "r", "v");
    ListenerConfig wildcard = new ListenerConfig("0.0.0.0_8080", "0.0.0.0", 8080, "r", "w");
    ListenerConfig exact = new ListenerConfig("10.9.9.9_8080", "10.9.9.9", 8080, "r", "e");
    ListenerConfig other = new ListenerConfig("10.9.9.8_8080", "10.9.9.8", 8080, "r", "o");
    List<ListenerConfig> all = List.of(virtual, wildcard, other, exact);

    assertThat(CapturedDestination.owner(all, at("10.9.9.9", 8080), "virtualOutbound"))
        .isEqualTo(exact);
    assertThat(CapturedDestination.owner(all, at("10.1.1.1", 8080), "virtualOutbound"))
        .isEqualTo(wildcard);
    assertThat(CapturedDestination.owner(all, at("10.9.9.9", 9090), "virtualOutbound")).isNull();
    assertThat(CapturedDestination.owner(all, at("::1", 8080), "virtualOutbound"))
        .as("an IPv4 wildcard does not own an IPv6 destination")
        .isNull();
    assertThat(CapturedDestination.owner(all, at("10.1.1.1", 15001), "virtualOutbound"))
        .as("never the accepting listener itself")
        .isNull();
  }
}
