package io.meshbridge.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.stats.StatsRegistry;
import io.meshbridge.proxy.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class AdminHandlerTest {

  private final StatsRegistry stats = new StatsRegistry();
  private boolean ready;

  /** Runs "offloaded" work when the test says so, to check what happens meanwhile. */
  private final List<Runnable> offloaded = new ArrayList<>();

  private final Executor offload = offloaded::add;
  private final EmbeddedChannel ch =
      new EmbeddedChannel(
          new HttpServerCodec(),
          new HttpObjectAggregator(1024),
          new AdminHandler(new AdminEndpoints(stats, () -> "{\"a\":1}", () -> ready), offload));

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  private String call(String request) {
    ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    runOffloaded();
    return received();
  }

  private void runOffloaded() {
    while (!offloaded.isEmpty()) {
      offloaded.remove(0).run();
      ch.runPendingTasks();
    }
  }

  private String received() {
    StringBuilder b = new StringBuilder();
    ByteBuf buf;
    while ((buf = ch.readOutbound()) != null) {
      b.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return b.toString();
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: admin\r\n\r\n";
  }

  @Test
  void readyFollowsTheSupplier() {
    assertThat(call(get("/ready")))
        .startsWith("HTTP/1.1 503 Service Unavailable")
        .endsWith("\r\n\r\nPRE_INITIALIZING");
    ready = true;
    assertThat(call(get("/ready"))).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nLIVE");
  }

  @Test
  void configDumpIsJsonRenderedOffTheEventLoop() {
    ch.writeInbound(Unpooled.copiedBuffer(get("/config_dump"), StandardCharsets.UTF_8));
    assertThat(received()).isEmpty(); // waiting for the offload executor
    runOffloaded();
    assertThat(received()).contains("content-type: application/json").endsWith("\r\n\r\n{\"a\":1}");
  }

  @Test
  void prometheusStats() {
    stats.counter("x_total", "X.", Map.of()).add(3);
    assertThat(call(get("/stats/prometheus")))
        .contains("content-type: text/plain; version=0.0.4")
        .contains("x_total 3\n");
  }

  @Test
  void indexListsTheEndpoints() {
    assertThat(call(get("/"))).startsWith("HTTP/1.1 200 OK").contains("/config_dump");
  }

  @Test
  void unknownPathIs404AndOtherMethodsAre405() {
    assertThat(call(get("/nope"))).startsWith("HTTP/1.1 404 Not Found");
    assertThat(call("POST /ready HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 405 Method Not Allowed")
        .contains("allow: GET");
  }

  @Test
  void pipelinedResponsesKeepTheirOrder() {
    ready = true;
    ch.writeInbound(
        Unpooled.copiedBuffer(
            get("/config_dump") + get("/nope") + get("/ready"), StandardCharsets.UTF_8));
    runOffloaded();
    String all = received();
    assertThat(all.indexOf("{\"a\":1}")).isLessThan(all.indexOf("404 Not Found"));
    assertThat(all.indexOf("404 Not Found")).isLessThan(all.indexOf("LIVE"));
  }

  @Test
  void connectionCloseIsHonoured() {
    assertThat(call("GET /ready HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
        .contains("connection: close");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aFailingSupplierIs500() {
    EmbeddedChannel failing =
        new EmbeddedChannel(
            new HttpServerCodec(),
            new HttpObjectAggregator(1024),
            new AdminHandler(
                new AdminEndpoints(
                    stats,
                    () -> {
                      throw new IllegalStateException("no config yet");
                    },
                    () -> true),
                Runnable::run));
    failing.writeInbound(Unpooled.copiedBuffer(get("/config_dump"), StandardCharsets.UTF_8));
    failing.runPendingTasks();
    ByteBuf out = failing.readOutbound();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("HTTP/1.1 500 ")
        .contains("no config yet");
    out.release();
    failing.finishAndReleaseAll();
  }
}
