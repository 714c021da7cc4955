package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.accesslog.RequestLog;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.meshbridge.proxy.dataplane.rbac.RbacFilter;
import io.meshbridge.proxy.dataplane.rbac.RbacInput;
import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.snapshot.ListenerState;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * The listener's {@code envoy.filters.http.rbac} filters, in order, before routing: the first
 * that denies answers {@code 403 RBAC: access denied} (flag {@code RBAC}, {@code
 * response_code_details} {@code rbac_access_denied_matched_policy[<policy>|none]}); a LOG match
 * sets the access log's {@code rbac_audit}.
 */
final class RbacHttpFilters {

  static final String DENIED = "RBAC: access denied";

  private RbacHttpFilters() {}

  /** Whether the request goes on; if not, it was answered with 403. */
  static boolean admit(
      ListenerState listener, RequestView view, DownstreamHandler handler, RequestLog log) {
    List<RbacFilter> filters = listener.httpRbac();
    if (filters.isEmpty()) {
      return true;
    }
    Channel ch = handler.context().channel();
    RbacInput in =
        RbacInput.of(view, ch.remoteAddress(), ch.localAddress(), DownstreamPeer.of(ch));
    for (RbacFilter filter : filters) {
      RbacFilter.Verdict verdict = filter.check(in);
      if (verdict.audit() != null) {
        log.rbacAudit(verdict.audit());
      }
      if (verdict.denied()) {
        log.flag(ResponseFlag.RBAC);
        log.responseCodeDetails(verdict.details());
        handler.replyLocally(HttpResponseStatus.FORBIDDEN, DENIED, false);
        return false;
      }
    }
    return true;
  }
}
