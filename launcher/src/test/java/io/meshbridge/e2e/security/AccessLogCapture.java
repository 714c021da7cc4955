package io.meshbridge.e2e.security;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.proxy.dataplane.accesslog.AccessLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The {@code meshbridge.access} lines of every proxy in this JVM, parsed. Open it after pilot
 * started: Dropwizard configures logback when it starts and would drop the appender.
 */
final class AccessLogCapture implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  AccessLogCapture() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
  }

  /** The lines of requests not sent to an outbound cluster (a server-side sidecar's), in order. */
  List<JsonNode> inbound() {
    return lines().stream()
        .filter(j -> !j.path("upstream_cluster").asText().startsWith("outbound|"))
        .toList();
  }

  /** The lines of requests sent to an outbound cluster (a client-side sidecar's), in order. */
  List<JsonNode> outbound() {
    return lines().stream()
        .filter(j -> j.path("upstream_cluster").asText().startsWith("outbound|"))
        .toList();
  }

  /** The last outbound line, once there are at least {@code count}. */
  JsonNode awaitOutbound(int count) {
    await("outbound access log line " + count).atMost(Duration.ofSeconds(10))
        .until(() -> outbound().size() >= count);
    List<JsonNode> all = outbound();
    return all.get(all.size() - 1);
  }

  private List<JsonNode> lines() {
    List<ILoggingEvent> events;
    synchronized (appender) { // AppenderBase.doAppend holds this lock while it appends
      events = List.copyOf(appender.list);
    }
    return events.stream().map(e -> parse(e.getFormattedMessage())).toList();
  }

  /**
   * The last inbound line, once there are at least {@code count}: a server-side sidecar writes its
   * line when it has relayed the response, which may be after the client got it.
   */
  JsonNode awaitInbound(int count) {
    await("inbound access log line " + count).atMost(Duration.ofSeconds(10))
        .until(() -> inbound().size() >= count);
    List<JsonNode> all = inbound();
    return all.get(all.size() - 1);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + line, e);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
