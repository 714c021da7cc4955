package io.meshbridge.testing.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.testing.consul.Http.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking queries as Consul documents them: index, wait, monotonic and backwards indexes. */
class BlockingQueryIT {

  private ConsulSimulator consul;
  private Http http;

  @BeforeEach
  void start() {
    consul = ConsulSimulator.start();
    http = new Http(consul);
  }

  @AfterEach
  void stop() {
    consul.close();
  }

  @Test
  void everyResponseCarriesTheIndexAndLeaderHeaders() {
    Response r = http.get("/v1/catalog/services");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.index()).isPositive();
    assertThat(r.raw().headers().firstValue("X-Consul-KnownLeader")).contains("true");
    assertThat(r.raw().headers().firstValue("X-Consul-LastContact")).contains("0");
    assertThat(r.raw().headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.json().has("consul")).as("the server's own service").isTrue();
  }

  @Test
  void blockedQueryReturnsWhenTheDataChanges() {
    long index = http.get("/v1/catalog/services").index();
    CompletableFuture<Response> blocked =
        http.getAsync("/v1/catalog/services?index=" + index + "&wait=20s", null);
    await().until(() -> !consul.requests(r -> r.blocking()).isEmpty());
    assertThat(blocked).isNotDone();

    consul.register(ServiceInstance.of("web-1", "web", "10.0.0.1", 8080).withTags("v1"));

    Response answer = blocked.join();
    assertThat(answer.index()).isGreaterThan(index);
    assertThat(answer.json().get("web")).hasSize(1);
    assertThat(answer.json().get("web").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void blockedQueryReturnsAtWaitExpiryWithTheSameIndexAndData() {
    Response first = http.get("/v1/catalog/services");
    long started = System.nanoTime();

    Response again = http.get("/v1/catalog/services?index=" + first.index() + "&wait=1s");

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(again.index()).isEqualTo(first.index());
    assertThat(again.body()).isEqualTo(first.body());
  }

  @Test
  void indexOnlyGrowsAndEachServiceHasItsOwn() {
    consul.register(ServiceInstance.of("a-1", "a", "10.0.0.1", 80));
    long a = http.get("/v1/health/service/a").index();
    long all = http.get("/v1/catalog/services").index();

    consul.register(ServiceInstance.of("b-1", "b", "10.0.0.2", 80));

    assertThat(http.get("/v1/catalog/services").index()).isGreaterThan(all);
    assertThat(http.get("/v1/health/service/a").index())
        .as("b's change leaves a's index")
        .isEqualTo(a);
    long b = http.get("/v1/health/service/b").index();
    assertThat(b).isGreaterThan(a);

    consul.deregister("dc1", "b-1");
    assertThat(http.get("/v1/health/service/b").index()).isGreaterThan(b);
    assertThat(http.get("/v1/health/service/b").json()).isEmpty();
  }

  @Test
  void aBlockedHealthQueryWakesOnACheckChangeOfItsService() {
    consul.register("dc1", ServiceInstance.of("a-1", "a", "10.0.0.1", 80), CheckStatus.PASSING);
    long index = http.get("/v1/health/service/a?passing").index();
    CompletableFuture<Response> blocked =
        http.getAsync("/v1/health/service/a?passing&index=" + index + "&wait=20s", null);
    await().until(() -> !consul.requests(r -> r.blocking()).isEmpty());

    consul.setCheckStatus("dc1", "service:a-1", CheckStatus.CRITICAL);

    Response answer = blocked.join();
    assertThat(answer.index()).isGreaterThan(index);
    assertThat(answer.json()).isEmpty();
  }

  @Test
  void anIndexAheadOfTheServersWaitsOutAndReturnsTheLowerIndex() {
    consul.register(ServiceInstance.of("a-1", "a", "10.0.0.1", 80));
    long before = http.get("/v1/health/service/a").index();
    consul.resetIndexes();

    Response r = http.get("/v1/health/service/a?index=" + before + "&wait=1s");

    assertThat(r.index()).isLessThan(before).isEqualTo(1);
    assertThat(r.json()).hasSize(1);
    // A client that starts again from 0 gets the data at once, and blocking works from there.
    Response fresh = http.get("/v1/health/service/a?index=0");
    assertThat(fresh.index()).isEqualTo(1);
    consul.register(ServiceInstance.of("a-2", "a", "10.0.0.2", 80));
    assertThat(http.get("/v1/health/service/a?index=1&wait=20s").index()).isEqualTo(2);
  }

  @Test
  void badParametersAreRefusedAsConsulDoes() {
    assertThat(http.get("/v1/catalog/services?index=abc").status()).isEqualTo(400);
    assertThat(http.get("/v1/catalog/services?index=abc").body()).isEqualTo("Invalid index");
    assertThat(http.get("/v1/catalog/services?index=5&wait=soon").body())
        .isEqualTo("Invalid wait time");
    Response unknownDc = http.get("/v1/catalog/services?dc=mars");
    assertThat(unknownDc.status()).isEqualTo(500);
    assertThat(unknownDc.body()).isEqualTo("No path to datacenter");
    assertThat(http.get("/v1/health/service/a?passing=maybe").status()).isEqualTo(400);
  }
}
