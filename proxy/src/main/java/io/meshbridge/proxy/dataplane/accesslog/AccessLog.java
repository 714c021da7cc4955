package io.meshbridge.proxy.dataplane.accesslog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each ended request as one JSON line at INFO on the logger {@value #LOGGER}, so logging
 * config can route it to its own appender (see proxy/README.md). Nothing is formatted while that
 * logger is off.
 */
public final class AccessLog {

  public static final String LOGGER = "meshbridge.access";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {}

  /** Logs {@code request} unless it was logged already. */
  public static void write(RequestLog request, long nowNanos) {
    if (request.end() && log.isInfoEnabled()) {
      log.info(request.toJson(nowNanos));
    }
  }
}
