package io.meshbridge.bench.translate;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.meshbridge.bench.pilot.SyntheticMesh;
import io.meshbridge.model.Endpoint;
import io.meshbridge.model.MeshModel;
import io.meshbridge.pilot.translate.ProxyScope;
import io.meshbridge.pilot.translate.Translator;
import io.meshbridge.pilot.translate.XdsResources;
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
 * What one translation of the whole mesh costs, for a grid of services × endpoints per service, so
 * that cost per service and per endpoint can be read off (see {@code BENCHMARKS.md}): {@code
 * translate} is {@link Translator} alone; {@code translateAndSerialize} adds the protobuf
 * serialization every push needs at least once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TranslatorBenchmark {

  @Param({"100", "1000"})
  public int services;

  @Param({"0", "10"})
  public int endpointsPerService;

  private MeshModel model = MeshModel.EMPTY;

  @Setup
  public void setUp() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < services * endpointsPerService; i++) {
      endpoints.add(SyntheticMesh.endpoint(i, services, 0));
    }
    // The clock service of the load harness is part of the generated mesh; it adds one service.
    model = MeshModel.of(SyntheticMesh.services(services), endpoints);
  }

  @Benchmark
  public XdsResources translate() {
    return Translator.translate(model, ProxyScope.DEFAULT);
  }

  @Benchmark
  public long translateAndSerialize() {
    XdsResources r = Translator.translate(model, ProxyScope.DEFAULT);
    long bytes = 0;
    for (var m : r.clusters()) {
      bytes += m.toByteString().size();
    }
    for (ClusterLoadAssignment m : r.endpoints()) {
      bytes += m.toByteString().size();
    }
    for (var m : r.listeners()) {
      bytes += m.toByteString().size();
    }
    for (var m : r.routes()) {
      bytes += m.toByteString().size();
    }
    return bytes;
  }
}
