package io.meshbridge.proxy.dataplane.tcp;

import io.meshbridge.proxy.dataplane.accesslog.ConnectionLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.rbac.RbacFilter;
import io.meshbridge.proxy.dataplane.rbac.RbacInput;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * A TCP chain's {@code envoy.filters.network.rbac} filters, checked in order once per connection
 * before the tcp_proxy starts, so before any upstream connect: the first that denies closes the
 * connection, which is logged with flag {@code RBAC} and {@code connection_termination_details}.
 * A LOG filter's match is logged with {@code rbac_audit}. On a connection whose TLS handshake is
 * still running (an {@link SslHandler} in its pipeline) the check waits for the handshake, so the
 * peer's {@link DownstreamPeer} is known: whoever terminates TLS must set it no later than in a
 * listener of the handshake future added before the chain starts.
 */
final class NetworkRbac {

  private NetworkRbac() {}

  /**
   * Runs {@code start} on {@code ch}'s event loop once {@code filters} (possibly none) allowed
   * {@code ch}; on a TLS connection only after a successful handshake.
   */
  static void gate(Channel ch, List<RbacFilter> filters, String listener, Runnable start) {
    SslHandler tls = ch.pipeline().get(SslHandler.class);
    if (tls == null || tls.handshakeFuture().isDone()) {
      check(ch, filters, listener, start);
      return;
    }
    // Runs inside the handshake's completion, before application data is passed on.
    tls.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        check(ch, filters, listener, start);
      }
    });
  }

  private static void check(Channel ch, List<RbacFilter> filters, String listener, Runnable start) {
    if (!ch.isActive()) {
      return;
    }
    if (filters.isEmpty()) {
      start.run();
      return;
    }
    RbacInput in =
        RbacInput.of(null, ch.remoteAddress(), ch.localAddress(), DownstreamPeer.of(ch));
    String audit = "";
    for (RbacFilter filter : filters) {
      RbacFilter.Verdict verdict = filter.check(in);
      if (verdict.audit() != null && audit.isEmpty()) {
        audit = verdict.audit();
      }
      if (verdict.denied()) {
        log(ch, listener, ResponseFlag.RBAC.name(), verdict.details(), audit);
        ch.close();
        return;
      }
    }
    if (!audit.isEmpty()) {
      log(ch, listener, "-", "", audit);
    }
    start.run();
  }

  private static void log(
      Channel ch, String listener, String flags, String details, String audit) {
    ConnectionLog.write(listener, ch, flags, details, audit, null);
  }
}
