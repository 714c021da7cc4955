package io.meshbridge.proxy.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbridge.proxy.dataplane.accesslog.AccessLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the {@code meshbridge.access} lines written while it is open, parsed as JSON. */
public final class AccessLogCapture implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level before = logger.getLevel();

  /** Turns the access log on (at INFO) and captures it instead of printing it. */
  public AccessLogCapture() {
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
  }

  /** Every line so far, in order. */
  public List<JsonNode> lines() {
    synchronized (appender) { // AppenderBase.doAppend holds this lock while it appends
      return appender.list.stream().map(e -> parse(e.getFormattedMessage())).toList();
    }
  }

  /** The last line. */
  public JsonNode last() {
    List<JsonNode> all = lines();
    if (all.isEmpty()) {
      throw new AssertionError("no access log line");
    }
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
    logger.setLevel(before);
    logger.setAdditive(true);
    logger.detachAppender(appender);
    appender.stop();
  }
}
