package io.meshbridge.proxy.dataplane.tcp;

import io.meshbridge.proxy.dataplane.accesslog.ConnectionLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.rbac.RbacFilter;
import io.meshbridge.proxy.dataplane.rbac.RbacInput;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.netty.channel.Channel;
import java.util.List;

/**
 * A TCP chain's {@code envoy.filters.network.rbac} filters, checked in order once per connection
 * when the chain starts, before any upstream connect: the first that denies closes the
 * connection, which is logged with flag {@code RBAC} and {@code connection_termination_details}.
 * A LOG filter's match is logged with {@code rbac_audit}.
 */
final class NetworkRbac {

  private NetworkRbac() {}

  /** Whether {@code ch} may go on to the tcp_proxy; if not, it was closed. */
  static boolean admit(Channel ch, List<RbacFilter> filters, String listener) {
    if (filters.isEmpty()) {
      return true;
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
        ConnectionLog.write(
            listener, String.valueOf(ch.remoteAddress()), String.valueOf(ch.localAddress()),
            ResponseFlag.RBAC.name(), verdict.details(), audit);
        ch.close();
        return false;
      }
    }
    if (!audit.isEmpty()) {
      ConnectionLog.write(
          listener, String.valueOf(ch.remoteAddress()), String.valueOf(ch.localAddress()), "-",
          "", audit);
    }
    return true;
  }
}
