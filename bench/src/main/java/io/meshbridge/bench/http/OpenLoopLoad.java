package io.meshbridge.bench.http;

import io.meshbridge.bench.proc.ProcStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.HttpToHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.InboundHttp2ToHttpAdapterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An open-loop HTTP/1.1 or HTTP/2 ({@code --protocol h2c}) load generator with coordinated omission corrected: requests are due at a
 * fixed rate whatever the server does, and each latency counts from its due time (wrk2's method).
 * It prints the percentiles and, for {@code --watch} pids, the CPU seconds per 1000 requests and
 * the peak RSS, all over the measured window only.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/lib/*' io.meshbridge.bench.http.OpenLoopLoad \
 *   --target 127.0.0.1:8080 --host-header hello.default.mesh:8080 --rate 1000 \
 *   --connections 16 --warmup 10 --duration 30 --watch 1234 [--protocol h2c]
 * </pre>
 */
public final class OpenLoopLoad {

  /** Runs one load; exits non-zero on bad arguments. */
  public static void main(String[] args) throws InterruptedException {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("OpenLoopLoad: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(new OpenLoopLoad().run(options));
  }

  String run(LoadOptions o) throws InterruptedException {
    long interval = 1_000_000_000L / o.rate();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    long windowStart = start + o.warmup().toNanos();
    long windowEnd = windowStart + o.duration().toNanos();
    LatencySink sink = new LatencySink(windowStart, windowEnd);
    double[] cpu = new double[2];
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      if (!o.watchPids().isEmpty()) {
        clock.schedule(
            () -> cpu[0] = ProcStats.cpuSeconds(o.watchPids()),
            windowStart - System.nanoTime(),
            TimeUnit.NANOSECONDS);
        clock.schedule(
            () -> cpu[1] = ProcStats.cpuSeconds(o.watchPids()),
            windowEnd - System.nanoTime(),
            TimeUnit.NANOSECONDS);
      }
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int i = 0; i < o.connections(); i++) {
        long first = start + i * interval;
        long every = interval * o.connections();
        CompletableFuture<Void> connectionDone;
        ChannelHandler handler;
        if (o.h2c()) {
          OpenLoopH2Connection c =
              new OpenLoopH2Connection(first, every, windowEnd, o.path(), o.hostHeader(), sink);
          connectionDone = c.done();
          handler = c;
        } else {
          OpenLoopConnection c =
              new OpenLoopConnection(first, every, windowEnd, o.path(), o.hostHeader(), sink);
          connectionDone = c.done();
          handler = c;
        }
        done.add(connectionDone);
        new Bootstrap()
            .group(group)
            .channel(EpollSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (o.h2c()) {
                      ch.pipeline().addLast(h2cCodec()).addLast(handler);
                    } else {
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(new HttpObjectAggregator(1 << 20))
                          .addLast(handler);
                    }
                  }
                })
            .connect(o.host(), o.port())
            .addListener(
                f -> {
                  if (!f.isSuccess()) {
                    System.err.println("connect " + o.host() + ":" + o.port() + ": " + f.cause());
                    connectionDone.complete(null);
                  }
                });
      }
      long grace = TimeUnit.NANOSECONDS.toMillis(windowEnd - System.nanoTime()) + 10_000;
      try {
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
            .get(grace, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        System.err.println("OpenLoopLoad: not every connection finished: " + e);
      }
      // The sink is the event loop's: read it there.
      return group.next().submit(() -> report(o, sink, cpu)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      clock.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** HTTP/2 client frames from and to {@code FullHttpRequest}/{@code FullHttpResponse}. */
  private static ChannelHandler h2cCodec() {
    Http2Connection connection = new DefaultHttp2Connection(false);
    return new HttpToHttp2ConnectionHandlerBuilder()
        .connection(connection)
        // Requests beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS wait for a stream (their
        // latency still counts from when they were due) instead of failing.
        .encoderEnforceMaxConcurrentStreams(true)
        .frameListener(
            new InboundHttp2ToHttpAdapterBuilder(connection)
                .maxContentLength(1 << 20)
                .propagateSettings(false)
                .build())
        .build();
  }

  private static String report(LoadOptions o, LatencySink sink, double[] cpu) {
    Histogram h = sink.histogram();
    long n = h.getTotalCount();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "RESULT label=%s rate=%d seconds=%d requests=%d errors=%d",
            o.label(),
            o.rate(),
            o.duration().toSeconds(),
            n,
            sink.errors()));
    s.append(
        String.format(
            Locale.ROOT,
            " p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f",
            us(h, 50),
            us(h, 90),
            us(h, 99),
            us(h, 99.9),
            h.getMaxValue() / 1000.0));
    if (!o.watchPids().isEmpty()) {
      double cpuPer1k = n == 0 ? Double.NaN : (cpu[1] - cpu[0]) / (n / 1000.0);
      s.append(
          String.format(
              Locale.ROOT,
              " cpu_s_per_1k=%.4f peak_rss_mb=%.1f",
              cpuPer1k,
              ProcStats.peakRssBytes(o.watchPids()) / 1048576.0));
    }
    return s.toString();
  }

  private static double us(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private OpenLoopLoad() {}
}
