package io.meshbridge.proxy.dataplane.accesslog;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access log lines for TCP connections an RBAC filter refused or audited (one JSON object per
 * line on the {@value AccessLog#LOGGER} logger, like requests).
 */
public final class ConnectionLog {

  private static final Logger log = LoggerFactory.getLogger(AccessLog.LOGGER);

  private ConnectionLog() {}

  /**
   * Logs a connection of listener {@code listener}.
   *
   * @param flags the response flags ("-" for none)
   * @param details Envoy's {@code connection_termination_details} ("" for none)
   * @param rbacAudit the policy an RBAC LOG filter matched ("" for none)
   */
  public static void write(
      String listener, String remote, String local, String flags, String details,
      String rbacAudit) {
    if (!log.isInfoEnabled()) {
      return;
    }
    Json json = new Json();
    json.field("start_time", Instant.now().toString());
    json.field("listener", listener);
    json.field("downstream_remote_address", remote);
    json.field("downstream_local_address", local);
    json.field("response_flags", flags);
    if (!details.isEmpty()) {
      json.field("connection_termination_details", details);
    }
    if (!rbacAudit.isEmpty()) {
      json.field("rbac_audit", rbacAudit);
    }
    log.info(json.end());
  }
}
