package io.meshbridge.bench.pilot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory registry holding a {@link SyntheticMesh}, publishing a complete snapshot at start
 * and one per churn tick. A tick moves {@code n} random endpoints to new addresses (as pods
 * replaced by new ones) and advances the clock endpoint. Everything runs on the registry's own
 * thread.
 */
final class ChurningRegistry implements RegistryAdapter {

  private final List<Service> services;
  private final int serviceCount;
  private final int[] generation;
  private final Endpoint[] current;
  private final SplittableRandom random = new SplittableRandom(42);
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-registry"));

  // Touched only on `thread`.
  private @Nullable SnapshotListener listener;
  private long version;
  private long tick;

  ChurningRegistry(int services, int endpoints) {
    this.serviceCount = services;
    this.services = SyntheticMesh.services(services);
    this.generation = new int[endpoints];
    this.current = new Endpoint[endpoints];
    for (int i = 0; i < endpoints; i++) {
      current[i] = SyntheticMesh.endpoint(i, services, 0);
    }
  }

  @Override
  public String id() {
    return SyntheticMesh.REGISTRY_ID;
  }

  @Override
  public void start(SnapshotListener snapshotListener) {
    requireNonNull(snapshotListener, "snapshotListener");
    thread.execute(
        () -> {
          listener = snapshotListener;
          publish();
        });
  }

  /**
   * Every {@code tickMillis} for {@code seconds}, moves {@code perTick} endpoints and publishes;
   * {@code onTick} hears each tick's number right after its snapshot was handed to pilot.
   */
  void churn(int perTick, long tickMillis, long seconds, LongConsumer onTick, Runnable done) {
    long ticks = seconds * 1000 / tickMillis;
    for (long k = 1; k <= ticks; k++) {
      boolean last = k == ticks;
      thread.schedule(
          () -> {
            for (int j = 0; j < perTick; j++) {
              int i = random.nextInt(generation.length);
              current[i] = SyntheticMesh.endpoint(i, serviceCount, ++generation[i]);
            }
            tick++;
            publish();
            onTick.accept(tick);
            if (last) {
              done.run();
            }
          },
          k * tickMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private void publish() {
    List<Endpoint> endpoints = new ArrayList<>(current.length + 1);
    endpoints.addAll(Arrays.asList(current));
    endpoints.add(SyntheticMesh.Clock.endpoint(tick));
    version++;
    requireNonNull(listener, "listener")
        .onSnapshot(new RegistrySnapshot(id(), version, services, endpoints, false, List.of()));
  }
}
