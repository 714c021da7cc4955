package io.meshbridge.bench.pilot;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.meshbridge.bench.proc.ProcStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The pilot benchmark: starts {@link PilotUnderTest} in its own JVM with a generated registry,
 * connects one probe proxy, then all the others at once (the first full push), churns endpoints and
 * measures how fast every proxy converges, with pilot's CPU, live heap and peak RSS. Prints {@code
 * RESULT key=value ...}.
 */
public final class PilotLoad {

  /** {@code PilotLoad --mode sotw|delta --proxies 2000 ...}; see {@link PilotLoadOptions}. */
  public static void main(String[] args) throws Exception {
    PilotLoadOptions o;
    try {
      o = PilotLoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PilotLoad: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(new PilotLoad().run(o));
    System.exit(0);
  }

  private String run(PilotLoadOptions o) throws Exception {
    String mode = o.delta() ? "delta" : "sotw";
    Convergence convergence = new Convergence(o.proxies(), o.ticks());
    Path stderr = Files.createTempFile("meshbridge-bench-pilot-", ".log");
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<ManagedChannel> channels = new ArrayList<>();
    List<String> args =
        List.of(
            Integer.toString(o.services()),
            Integer.toString(o.endpoints()),
            o.address(),
            "0",
            Long.toString(o.quietMillis()),
            Long.toString(o.maxDelayMillis()));
    try (PilotProcess pilot = new PilotProcess(o.pilotJvmFlags(), args, stderr, convergence)) {
      List<Long> pid = List.of(pilot.pid());
      int port = pilot.ready().get(120, TimeUnit.SECONDS);
      log("pilot pid %d serves xDS on %s:%d (log: %s)", pilot.pid(), o.address(), port, stderr);

      List<SimulatedProxy> proxies = new ArrayList<>();
      for (int i = 0; i < o.proxies(); i++) {
        ManagedChannel channel = channel(o.address(), port, loop);
        channels.add(channel);
        AggregatedDiscoveryServiceStub stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
        proxies.add(
            o.delta() ? new DeltaProxy(i, convergence, stub) : new SotwProxy(i, convergence, stub));
      }
      // A probe first: it waits for pilot's first translation, so the burst measures pushing only.
      SimulatedProxy probe = proxies.get(0);
      probe.start();
      long probeNanos = probe.complete().get(120, TimeUnit.SECONDS);
      log("probe proxy complete after %.2f s", probeNanos / 1e9);

      double cpuBefore = ProcStats.cpuSeconds(pid);
      long burstStart = System.nanoTime();
      proxies.subList(1, proxies.size()).forEach(SimulatedProxy::start);
      Histogram firstPush = new Histogram(3);
      CompletableFuture.allOf(
              proxies.subList(1, proxies.size()).stream()
                  .map(SimulatedProxy::complete)
                  .toArray(CompletableFuture[]::new))
          .get(600, TimeUnit.SECONDS);
      for (SimulatedProxy p : proxies.subList(1, proxies.size())) {
        firstPush.recordValue(TimeUnit.NANOSECONDS.toMicros(p.complete().get()));
      }
      double pushSeconds = (System.nanoTime() - burstStart) / 1e9;
      double pushCpu = ProcStats.cpuSeconds(pid) - cpuBefore;
      log(
          "first full push to %d proxies: %.2f s, pilot CPU %.2f s",
          o.proxies() - 1, pushSeconds, pushCpu);
      long heapAfterPush = pilot.liveHeapBytes();
      long rssAfterPush = ProcStats.rssBytes(pid);

      log(
          "churn: %d endpoints every %d ms for %d s",
          o.perTick(), o.tickMillis(), o.churnSeconds());
      List<Long> self = List.of(ProcessHandle.current().pid());
      double harnessStart = ProcStats.cpuSeconds(self);
      if (System.getenv("BENCH_JFR_CHURN") != null) {
        // Profile pilot during churn only: BENCH_JFR_CHURN=/tmp/churn.jfr
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pilot.pid()),
                "JFR.start",
                "settings=profile",
                "duration=" + o.churnSeconds() + "s",
                "filename=" + System.getenv("BENCH_JFR_CHURN"))
            .inheritIO()
            .start()
            .waitFor();
      }
      double cpuChurnStart = ProcStats.cpuSeconds(pid);
      long churnStart = System.nanoTime();
      pilot
          .churn(o.perTick(), o.tickMillis(), o.churnSeconds())
          .get(o.churnSeconds() + 120, TimeUnit.SECONDS);
      double churnCpu = ProcStats.cpuSeconds(pid) - cpuChurnStart;
      double churnWall = (System.nanoTime() - churnStart) / 1e9;
      double harnessVcpu = (ProcStats.cpuSeconds(self) - harnessStart) / churnWall;
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (convergence.behind() > 0 && System.nanoTime() < drainDeadline) {
        TimeUnit.MILLISECONDS.sleep(50); // polling the harness's own counters, not synchronizing
      }
      int stale = o.delta() ? staleProxies(proxies, o.address(), port, loop, channels) : 0;
      long heapEnd = pilot.liveHeapBytes();
      long peakRss = ProcStats.peakRssBytes(pid);
      Histogram all = convergence.allProxies();
      Histogram each = convergence.eachProxy();
      long responses = proxies.stream().mapToLong(p -> p.responses).sum();
      return String.format(
          Locale.ROOT,
          "RESULT mode=%s proxies=%d services=%d endpoints=%d churn_per_s=%.0f ticks=%d"
              + " first_push_s=%.2f first_push_p50_s=%.2f first_push_cpu_s=%.2f"
              + " heap_live_mb_after_push=%.1f rss_mb_after_push=%.1f"
              + " churn_vcpu=%.3f conv_all_p50_ms=%.0f conv_all_p99_ms=%.0f conv_all_max_ms=%.0f"
              + " conv_each_p50_ms=%.0f conv_each_p99_ms=%.0f ticks_not_everywhere=%d"
              + " heap_live_mb_end=%.1f peak_rss_mb=%.1f responses=%d harness_churn_vcpu=%.3f"
              + " stale_proxies=%d",
          mode,
          o.proxies(),
          o.services(),
          o.endpoints(),
          o.endpoints() * o.churnPercent() / 100,
          o.ticks(),
          pushSeconds,
          firstPush.getValueAtPercentile(50) / 1e6,
          pushCpu,
          heapAfterPush / 1048576.0,
          rssAfterPush / 1048576.0,
          churnCpu / churnWall,
          ms(all, 50),
          ms(all, 99),
          all.getMaxValue() / 1000.0,
          ms(each, 50),
          ms(each, 99),
          convergence.missed(),
          heapEnd / 1048576.0,
          peakRss / 1048576.0,
          responses,
          harnessVcpu,
          stale);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException("pilot benchmark (" + mode + ") failed: " + e, e);
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * How many proxies do not hold, after churn, exactly what a proxy connecting now is sent: every
   * resource of every type at the same version, and nothing else. A delta stream that missed a
   * change or a removal on the way shows here even if it reached the last clock tick.
   */
  private static int staleProxies(
      List<SimulatedProxy> proxies,
      String address,
      int port,
      EventLoopGroup loop,
      List<ManagedChannel> channels)
      throws Exception {
    ManagedChannel channel = channel(address, port, loop);
    channels.add(channel);
    SimulatedProxy fresh =
        SimulatedProxy.create(proxies.size(), true, AggregatedDiscoveryServiceGrpc.newStub(channel));
    fresh.start();
    try {
      fresh.complete().get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log("a fresh proxy got no complete configuration within 120 s (%s): no final-state check",
          fresh.progress());
      return -1;
    }
    Map<String, Map<String, String>> expected = fresh.state();
    int stale = 0;
    for (SimulatedProxy p : proxies) {
      Map<String, Map<String, String>> held = p.state();
      if (!held.equals(expected)) {
        if (stale++ == 0) {
          log("proxy %d does not hold the final state: %s", p.index, firstDifference(held, expected));
        }
      }
    }
    log("%d of %d proxies do not hold the final state", stale, proxies.size());
    return stale;
  }

  private static String firstDifference(
      Map<String, Map<String, String>> held, Map<String, Map<String, String>> expected) {
    for (String type : expected.keySet()) {
      Map<String, String> h = held.getOrDefault(type, Map.of());
      Map<String, String> e = expected.get(type);
      for (Map.Entry<String, String> entry : e.entrySet()) {
        if (!entry.getValue().equals(h.get(entry.getKey()))) {
          return type + " " + entry.getKey() + ": holds " + h.get(entry.getKey())
              + ", expected " + entry.getValue();
        }
      }
      for (String name : h.keySet()) {
        if (!e.containsKey(name)) {
          return type + " " + name + ": held, but removed";
        }
      }
    }
    return "types " + held.keySet() + ", expected " + expected.keySet();
  }

  private static ManagedChannel channel(String address, int port, EventLoopGroup loop) {
    return NettyChannelBuilder.forAddress(address, port)
        .usePlaintext()
        .eventLoopGroup(loop)
        .channelType(NioSocketChannel.class)
        .directExecutor()
        .maxInboundMessageSize(256 << 20)
        .build();
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[pilot-load] " + format + "%n", args);
  }

  private PilotLoad() {}
}
