package io.meshbridge.proxy.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.dataplane.snapshot.Snapshot;
import io.meshbridge.proxy.dataplane.stats.StatsCache;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.meshbridge.proxy.stats.StatsRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link DownstreamHandler} on an {@link EmbeddedChannel}, with embedded upstreams. */
final class ProxyHarness implements AutoCloseable {

  static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);

  final StatsRegistry registry = new StatsRegistry();
  final StatsCache stats = new StatsCache(registry);
  final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
  final FakeConnector connector = new FakeConnector();
  final UpstreamPool pool;
  final Worker worker;
  final EmbeddedChannel downstream;
  boolean listenerDraining;

  ProxyHarness(ProxyConfig config) {
    apply(config);
    pool =
        new UpstreamPool(
            connector, k -> snapshot.get().upstreams().contains(k), Duration.ofSeconds(60));
    worker = new Worker(pool);
    DownstreamHandler handler =
        new DownstreamHandler("l", snapshot::get, worker, TIMEOUT_NANOS, () -> listenerDraining);
    downstream =
        new EmbeddedChannel(new HttpServerCodec(), handler) {
          @Override
          protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("10.9.8.7", 40000);
          }
        };
  }

  void apply(ProxyConfig config) {
    Snapshot before = snapshot.get();
    snapshot.set(Snapshot.build(config, before == null ? Snapshot.EMPTY : before, stats));
  }

  void send(String raw) {
    downstream.writeInbound(ascii(raw));
  }

  /** Everything the client received since the last call. */
  String received() {
    return drain(downstream);
  }

  /** Everything an upstream received since the last call. */
  static String drain(EmbeddedChannel ch) {
    StringBuilder b = new StringBuilder();
    ByteBuf buf;
    while ((buf = ch.readOutbound()) != null) {
      b.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return b.toString();
  }

  static void respond(EmbeddedChannel upstream, String raw) {
    upstream.writeInbound(ascii(raw));
  }

  static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  int idle(String cluster, String host, int port) {
    return pool.idleCount(new UpstreamKey(cluster, host, port));
  }

  String stats() {
    return registry.prometheusText();
  }

  @Override
  public void close() {
    downstream.finishAndReleaseAll();
    connector.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    assertThat(downstream.isOpen()).isFalse();
  }
}
