package io.meshbridge.proxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.stats.StatsRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NettyDataPlaneTest {

  @Test
  void appliesAnEmptyConfigAndRefusesUpdatesOnceClosed() throws Exception {
    NettyDataPlane plane =
        new NettyDataPlane(new StatsRegistry(), DataPlaneOptions.DEFAULTS.withWorkerThreads(1));
    assertThat(plane.transportName()).isIn("epoll", "nio");
    assertThat(plane.apply(ProxyConfig.EMPTY).get(5, TimeUnit.SECONDS)).isEmpty();
    plane.close();
    plane.close(); // idempotent
    assertThat(plane.apply(ProxyConfig.EMPTY))
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableThat()
        .withMessageContaining("data plane is closed");
  }

  @Test
  void closingFromAnApplyCallbackDoesNotWaitForItself() throws Exception {
    NettyDataPlane plane =
        new NettyDataPlane(new StatsRegistry(), DataPlaneOptions.DEFAULTS.withWorkerThreads(1));
    // close() waits up to drainTimeout + 5 s when it may; on the control thread it must not
    plane.apply(ProxyConfig.EMPTY).thenRun(plane::close).get(5, TimeUnit.SECONDS);
    assertThat(plane.apply(ProxyConfig.EMPTY)).failsWithin(5, TimeUnit.SECONDS);
  }

  @Test
  void nioCanBeForced() {
    NettyDataPlane plane =
        new NettyDataPlane(
            new StatsRegistry(),
            DataPlaneOptions.DEFAULTS.withWorkerThreads(1).withNativeTransport(false));
    assertThat(plane.transportName()).isEqualTo("nio");
    plane.close();
  }
}
