package io.meshbridge.bench.registry;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshbridge.bench.pilot.SimulatedProxy;
import io.meshbridge.bench.proc.ProcStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * The registry sync benchmark for one registry: fills it with {@link Shape}, starts pilot ({@link
 * PilotServer}, its own JVM) watching it and one simulated proxy ({@link SimulatedProxy}) on it,
 * then measures
 *
 * <ul>
 *   <li>time from pilot's process start to its first full model ({@code /v1/registries} shows every
 *       endpoint; the time is pilot's own {@code lastSync} of that snapshot) and to the proxy's
 *       ACK of an EDS push holding every endpoint;
 *   <li>per change (one instance added or removed, one at a time, paced): time from the write to
 *       the registry until pilot's model has it ({@code lastSync} of the first snapshot with it),
 *       and until the proxy ACKed the EDS push with it;
 *   <li>pilot's CPU at rest, its CPU per change (less its CPU at rest and what the polling of
 *       {@code /v1/registries} costs it, both measured first), live heap (after a full GC) and
 *       RSS.
 * </ul>
 *
 * Prints {@code RESULT key=value ...} for {@link RegistryTable}.
 */
public final class RegistrySync {

  private static final Duration FIRST_SYNC_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 25;
  private static final int CALIBRATION_POLLS = 200;
  private static long polls; // requests to /v1/registries, all from the main thread

  /** {@code RegistrySync --registry zookeeper ...}; see {@link RegistrySyncOptions}. */
  public static void main(String[] args) throws Exception {
    RegistrySyncOptions o;
    try {
      o = RegistrySyncOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("RegistrySync: " + e.getMessage());
      System.exit(2);
      return;
    }
    try (BenchRegistry registry = create(o)) {
      System.out.println(run(o, registry));
    }
    System.exit(0);
  }

  private static BenchRegistry create(RegistrySyncOptions o) {
    return switch (o.registry()) {
      case "file" -> new FileBench(o.work());
      case "zookeeper" -> new ZooKeeperBench();
      case "eureka" -> new EurekaBench(Duration.ofMillis(o.eurekaFetchMillis()));
      case "consul" -> new ConsulBench();
      case "kubernetes" -> new KubernetesBench(o.work());
      default -> throw new IllegalArgumentException("--registry: " + o.registry());
    };
  }

  private static String run(RegistrySyncOptions o, BenchRegistry registry) throws Exception {
    Shape shape = o.shape();
    log("%s: %s", o.registry(), registry.description());
    registry.start();
    long t = System.nanoTime();
    registry.populate(shape);
    double populateSeconds = (System.nanoTime() - t) / 1e9;
    log("populated %d services × %d instances in %.1f s", shape.services(), shape.instances(),
        populateSeconds);

    try (PilotServer pilot = new PilotServer(o.work(), registry.pilotYaml(), o.pilotJvmFlags())) {
      List<Long> pid = List.of(pilot.pid());
      PilotServer.Status up = await(pilot, s -> true, FIRST_SYNC_TIMEOUT);
      double restUp = (PilotServer.epochMicros() - pilot.startedMicros()) / 1e6;
      log("pilot pid %d answers after %.2f s (registry synced: %s)", pilot.pid(), restUp,
          up.synced());

      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", pilot.xdsPort())
              .usePlaintext()
              .directExecutor()
              .maxInboundMessageSize(256 << 20)
              .build();
      try {
        EdsWatch watch = new EdsWatch(shape.endpoints());
        SimulatedProxy proxy =
            SimulatedProxy.create(0, o.delta(), AggregatedDiscoveryServiceGrpc.newStub(channel));
        proxy.onAck(watch);
        proxy.start();

        PilotServer.Status full =
            await(pilot, s -> s.endpoints() >= shape.endpoints(), FIRST_SYNC_TIMEOUT);
        double firstModel = (full.lastSyncMicros() - pilot.startedMicros()) / 1e6;
        double firstXds =
            (watch.full().get(FIRST_SYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    - pilot.startedMicros())
                / 1e6;
        double firstCpu = ProcStats.cpuSeconds(pid);
        log("first full model %.2f s, first full EDS ACKed %.2f s after pilot's start, pilot CPU"
            + " %.1f s", firstModel, firstXds, firstCpu);
        long heapFirst = pilot.liveHeapBytes();
        long rssFirst = ProcStats.rssBytes(pid);
        Background rest = background(pilot);
        log("pilot at rest: %.3f vCPU; one /v1/registries request costs it %.0f µs of CPU",
            rest.idleVcpu(), rest.pollCpuMicros());

        Changes changes = changes(o, registry, pilot, watch, shape, rest);
        long heapEnd = pilot.liveHeapBytes();
        return String.format(
            Locale.ROOT,
            "RESULT registry=%s services=%d instances=%d endpoints=%d mode=%s populate_s=%.1f"
                + " rest_up_s=%.2f first_model_s=%.2f first_xds_s=%.2f first_cpu_s=%.1f"
                + " heap_live_mb_first=%.1f rss_mb_first=%.1f changes=%d pace_ms=%d %s"
                + " heap_live_mb_end=%.1f rss_mb_end=%.1f peak_rss_mb=%.1f poll_cpu_us=%.0f idle_vcpu=%.3f",
            o.registry(),
            shape.services(),
            shape.instances(),
            shape.endpoints(),
            o.delta() ? "delta" : "sotw",
            populateSeconds,
            restUp,
            firstModel,
            firstXds,
            firstCpu,
            heapFirst / 1048576.0,
            rssFirst / 1048576.0,
            o.changes(),
            o.paceMillis(),
            changes.result(),
            heapEnd / 1048576.0,
            ProcStats.rssBytes(pid) / 1048576.0,
            ProcStats.peakRssBytes(pid) / 1048576.0,
            rest.pollCpuMicros(),
            rest.idleVcpu());
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** Latencies of the change phase. */
  private record Changes(
      Histogram write, Histogram model, Histogram xds, double cpuMillisPerChange, int timeouts) {
    String result() {
      return String.format(
          Locale.ROOT,
          "write_p50_ms=%.1f model_p50_ms=%.1f model_p99_ms=%.1f model_max_ms=%.1f"
              + " xds_p50_ms=%.1f xds_p99_ms=%.1f xds_max_ms=%.1f cpu_ms_per_change=%.1f"
              + " timeouts=%d",
          ms(write, 50),
          ms(model, 50),
          ms(model, 99),
          model.getMaxValue() / 1000.0,
          ms(xds, 50),
          ms(xds, 99),
          xds.getMaxValue() / 1000.0,
          cpuMillisPerChange,
          timeouts);
    }
  }

  private static Changes changes(
      RegistrySyncOptions o,
      BenchRegistry registry,
      PilotServer pilot,
      EdsWatch watch,
      Shape shape,
      Background rest)
      throws InterruptedException {
    Histogram write = new Histogram(3);
    Histogram model = new Histogram(3);
    Histogram xds = new Histogram(3);
    int timeouts = 0;
    List<Long> pid = List.of(pilot.pid());
    String jfr = System.getenv("BENCH_JFR_CHANGES");
    if (jfr != null) {
      pilot.jcmd("JFR.start settings=profile filename=" + jfr); // BENCH_JFR_CHANGES=/tmp/x.jfr
    }
    double cpuBefore = ProcStats.cpuSeconds(pid);
    long pollsBefore = polls;
    long phaseStart = System.nanoTime();
    for (int k = 0; k < o.changes(); k++) {
      int service = (int) ((k / 2) * 7919L % shape.services()); // spread over the services
      boolean add = k % 2 == 0;
      int expected = shape.endpoints() + (add ? 1 : 0);
      CompletableFuture<Long> acked =
          watch.expect(Shape.cluster(service), Shape.address(service, Shape.EXTRA), add);
      long writeStart = PilotServer.epochMicros();
      if (add) {
        registry.addExtra(shape, service);
      } else {
        registry.removeExtra(shape, service);
      }
      write.recordValue(PilotServer.epochMicros() - writeStart);
      try {
        PilotServer.Status seen = await(pilot, s -> s.endpoints() == expected, CHANGE_TIMEOUT);
        model.recordValue(Math.max(0, seen.lastSyncMicros() - writeStart));
        long ack = acked.get(CHANGE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        xds.recordValue(Math.max(0, ack - writeStart));
      } catch (IllegalStateException | ExecutionException | TimeoutException e) {
        timeouts++;
        log("change %d (%s %s): %s", k, add ? "add to" : "remove from", Shape.service(service), e);
      }
      if (k % 20 == 19) {
        log("%d changes: model p50 %.1f ms, EDS ACK p50 %.1f ms", k + 1, ms(model, 50),
            ms(xds, 50));
      }
      TimeUnit.MILLISECONDS.sleep(o.paceMillis()); // pacing, not synchronization
    }
    // What the changes cost pilot: less its CPU at rest over the phase, less the polling.
    double cpu =
        ProcStats.cpuSeconds(pid)
            - cpuBefore
            - rest.idleVcpu() * (System.nanoTime() - phaseStart) / 1e9
            - (polls - pollsBefore) * rest.pollCpuMicros() / 1e6;
    if (jfr != null) {
      pilot.jcmd("JFR.stop");
    }
    return new Changes(write, model, xds, cpu * 1000 / o.changes(), timeouts);
  }

  /** Polls pilot's {@code /v1/registries} every 25 ms until {@code until} holds. */
  private static PilotServer.Status await(
      PilotServer pilot, Predicate<PilotServer.Status> until, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<PilotServer.Status> s = pilot.status();
      polls++;
      if (s.isPresent() && until.test(s.get())) {
        return s.get();
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // polling pilot's REST API at a fixed rate
    }
    throw new IllegalStateException("pilot's model did not get there within " + timeout);
  }

  /**
   * Pilot's CPU at rest (nothing written to the registry): what it uses by itself (e.g. polling
   * Eureka) per second, and what one {@code /v1/registries} request costs on top.
   */
  record Background(double idleVcpu, double pollCpuMicros) {}

  private static Background background(PilotServer pilot) throws InterruptedException {
    List<Long> pid = List.of(pilot.pid());
    for (int i = 0; i < CALIBRATION_POLLS; i++) { // warm-up: JIT compiles the request path
      pilot.status();
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    double idleStart = ProcStats.cpuSeconds(pid);
    long t0 = System.nanoTime();
    TimeUnit.SECONDS.sleep(5); // measuring pilot at rest
    double idleVcpu = (ProcStats.cpuSeconds(pid) - idleStart) / ((System.nanoTime() - t0) / 1e9);
    double before = ProcStats.cpuSeconds(pid);
    long t1 = System.nanoTime();
    for (int i = 0; i < CALIBRATION_POLLS; i++) {
      pilot.status();
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    double polling = ProcStats.cpuSeconds(pid) - before - idleVcpu * (System.nanoTime() - t1) / 1e9;
    return new Background(idleVcpu, Math.max(0, polling) * 1e6 / CALIBRATION_POLLS);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[registry-sync] " + format + "%n", args);
  }

  private RegistrySync() {}
}
