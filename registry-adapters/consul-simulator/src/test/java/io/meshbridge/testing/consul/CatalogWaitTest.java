package io.meshbridge.testing.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.testing.consul.Catalog.Indexed;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which writes wake a parked blocking query, and how often it renders its answer. */
class CatalogWaitTest {

  private final Catalog catalog = new Catalog(List.of("dc1"), "agent", "127.0.0.1");
  private final ExecutorService reader = Executors.newSingleThreadExecutor();
  private final AtomicInteger renders = new AtomicInteger();

  @AfterEach
  void tearDown() {
    catalog.abortWaiters();
    reader.shutdownNow();
  }

  @Test
  void writesToOtherServicesDoNotWakeAQueryAndItRendersOnce() throws Exception {
    register("a-1", "a", "10.0.0.1");
    register("b-1", "b", "10.0.1.1");
    long aIndex = catalog.view("dc1", d -> d.serviceIndex("a"));
    Future<Indexed> answer = readA(aIndex, TimeUnit.MINUTES.toNanos(1));
    await().until(() -> catalog.waiting() == 1);

    for (int i = 2; i < 50; i++) {
      register("b-" + i, "b", "10.0.1." + i);
    }
    assertThat(answer).isNotDone();

    register("a-2", "a", "10.0.0.2");
    Indexed result = answer.get(10, TimeUnit.SECONDS);
    assertThat(result.index()).isGreaterThan(aIndex);
    assertThat(result.body()).hasSize(2);
    assertThat(renders).hasValue(1);
    assertThat(catalog.waiting()).isZero();
  }

  @Test
  void anExpiredQueryAnswersWithTheSameIndexAndRendersOnce() throws Exception {
    register("a-1", "a", "10.0.0.1");
    register("b-1", "b", "10.0.1.1");
    long aIndex = catalog.view("dc1", d -> d.serviceIndex("a"));
    Future<Indexed> answer = readA(aIndex, TimeUnit.MILLISECONDS.toNanos(200));
    register("b-2", "b", "10.0.1.2");

    Indexed result = answer.get(10, TimeUnit.SECONDS);
    assertThat(result.index()).isEqualTo(aIndex);
    assertThat(result.body()).hasSize(1);
    assertThat(renders).hasValue(1);
  }

  private Future<Indexed> readA(long minIndex, long waitNanos) {
    return reader.submit(
        () ->
            catalog.read(
                "dc1",
                minIndex,
                waitNanos,
                d -> d.serviceIndex("a"),
                d -> {
                  renders.incrementAndGet();
                  return HealthJson.healthService(d, "a", false);
                }));
  }

  private void register(String id, String name, String address) {
    catalog.register("dc1", ServiceInstance.of(id, name, address, 8080), false, List.of(), true);
  }
}
