package io.meshbridge.bench.pilot;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.concurrent.SerialExecutor;
import io.meshbridge.pilot.xds.DiscoveryServices;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one push costs pilot's own thread before any proxy is answered: {@code
 * SnapshotPublisher.publish} of the whole mesh after {@code changedPerPush} endpoints moved
 * (translation, type versions, java-control-plane's snapshot and per-resource versions, setting it
 * in the cache with no stream watching). Uses only public API, so the same class measures an older
 * pilot jar put on its classpath (BENCHMARKS.md, "Pilot").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PublishBenchmark {

  /** Runs every task at once on the caller: publish() then returns when the push is done. */
  private static final SerialExecutor DIRECT = new SerialExecutor() {
    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
      throw new UnsupportedOperationException("not used by the publisher");
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  };

  @Param({"1000"})
  public int services;

  @Param({"10"})
  public int endpointsPerService;

  @Param({"100"})
  public int changedPerPush;

  private final List<Endpoint> endpoints = new ArrayList<>();
  private List<Service> serviceList = List.of();
  private DiscoveryServices discovery;
  private int generation;

  @Setup
  public void setUp() {
    serviceList = SyntheticMesh.services(services);
    for (int i = 0; i < services * endpointsPerService; i++) {
      endpoints.add(SyntheticMesh.endpoint(i, services, 0));
    }
    discovery = new DiscoveryServices(DIRECT, Clock.systemUTC());
    discovery.publisher().publish(MeshModel.of(serviceList, endpoints));
  }

  @Benchmark
  public void publish() {
    generation++;
    for (int j = 0; j < changedPerPush; j++) {
      int i = (int) (((long) generation * changedPerPush + j) % endpoints.size());
      endpoints.set(i, SyntheticMesh.endpoint(i, services, generation));
    }
    discovery.publisher().publish(MeshModel.of(serviceList, endpoints));
  }
}
