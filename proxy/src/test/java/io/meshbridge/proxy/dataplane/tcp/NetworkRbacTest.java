package io.meshbridge.proxy.dataplane.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.StringMatch;
import io.meshbridge.proxy.config.rbac.Permission;
import io.meshbridge.proxy.config.rbac.Policy;
import io.meshbridge.proxy.config.rbac.Principal;
import io.meshbridge.proxy.config.rbac.RbacFilterConfig;
import io.meshbridge.proxy.config.rbac.RbacRules;
import io.meshbridge.proxy.config.rbac.RbacRules.Action;
import io.meshbridge.proxy.dataplane.rbac.RbacFilter;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.AccessLogCapture;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.TestTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class NetworkRbacTest {

  static final String ORDERS = "spiffe://cluster.local/ns/shop/sa/orders";

  private final AtomicInteger started = new AtomicInteger();

  @Test
  void aPlaintextConnectionIsCheckedAtOnce() {
    EmbeddedChannel allowed = new EmbeddedChannel();
    NetworkRbac.gate(allowed, filters(Action.DENY, new Principal.Not(new Principal.Any())), "l",
        started::incrementAndGet);
    assertThat(started).hasValue(1);
    assertThat(allowed.isActive()).isTrue();

    try (AccessLogCapture log = new AccessLogCapture()) {
      EmbeddedChannel denied = new EmbeddedChannel();
      NetworkRbac.gate(denied, filters(Action.DENY, new Principal.Any()), "l",
          started::incrementAndGet);
      assertThat(started).hasValue(1);
      assertThat(denied.isActive()).isFalse();
      assertThat(log.last().path("connection_termination_details").asText())
          .isEqualTo("rbac_access_denied_matched_policy[p]");
      assertThat(log.last().path("listener").asText()).isEqualTo("l");
    }
  }

  @Test
  void noFiltersStartsAtOnce() {
    NetworkRbac.gate(new EmbeddedChannel(), List.of(), "l", started::incrementAndGet);
    assertThat(started).hasValue(1);
  }

  @Test
  void aTlsConnectionIsCheckedWithItsPeerOnceTheHandshakeIsDone() throws Exception {
    Principal orders = new Principal.Authenticated(StringMatch.exact(ORDERS));
    EmbeddedChannel server = tlsServer(ORDERS);
    NetworkRbac.gate(server, filters(Action.ALLOW, orders), "l", started::incrementAndGet);
    assertThat(started).hasValue(0);

    handshake(server);

    assertThat(started).hasValue(1);
    assertThat(server.isActive()).isTrue();
    server.finishAndReleaseAll();
  }

  @Test
  void aTlsPeerWithAnotherIdentityIsClosedAfterTheHandshake() throws Exception {
    Principal orders = new Principal.Authenticated(StringMatch.exact(ORDERS));
    EmbeddedChannel server = tlsServer("spiffe://cluster.local/ns/shop/sa/other");
    NetworkRbac.gate(server, filters(Action.ALLOW, orders), "l", started::incrementAndGet);

    handshake(server);

    assertThat(started).hasValue(0);
    assertThat(server.isActive()).isFalse();
    server.finishAndReleaseAll();
  }

  /** A server channel whose TLS layer records {@code san} as the peer when the handshake ends. */
  private static EmbeddedChannel tlsServer(String san) {
    SSLEngine engine = TestTls.context().createSSLEngine();
    engine.setUseClientMode(false);
    SslHandler tls = new SslHandler(engine);
    EmbeddedChannel server = new EmbeddedChannel(tls);
    tls.handshakeFuture().addListener(
        f -> DownstreamPeer.set(server, new DownstreamPeer(san, "TLSv1.3")));
    return server;
  }

  /** Runs a TLS handshake between a client and {@code server}, passing bytes both ways. */
  private static void handshake(EmbeddedChannel server) {
    SSLContext context = TestTls.context();
    SSLEngine engine = context.createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    SslHandler tls = new SslHandler(engine);
    EmbeddedChannel client = new EmbeddedChannel(tls);
    SslHandler serverTls = server.pipeline().get(SslHandler.class);
    for (int i = 0;
        i < 20 && !(tls.handshakeFuture().isDone() && serverTls.handshakeFuture().isDone());
        i++) {
      pass(client, server);
      pass(server, client);
    }
    assertThat(tls.handshakeFuture().isSuccess()).isTrue();
    client.finishAndReleaseAll();
  }

  private static void pass(EmbeddedChannel from, EmbeddedChannel to) {
    ByteBuf b;
    while ((b = from.readOutbound()) != null) {
      if (to.isActive()) {
        to.writeInbound(b);
      } else {
        b.release();
      }
    }
  }

  private static List<RbacFilter> filters(Action action, Principal principal) {
    return RbacFilter.of(
        List.of(RbacFilterConfig.enforcing("tcp.", new RbacRules(action, Map.of(
            "p", new Policy(List.of(new Permission.Any()), List.of(principal)))))),
        new StatsCache(new StatsRegistry()));
  }
}
