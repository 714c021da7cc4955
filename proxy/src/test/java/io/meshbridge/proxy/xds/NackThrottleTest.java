package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NackThrottleTest {

  private final NackThrottle throttle = new NackThrottle(
      new BackoffPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(30), 0));

  @Test
  void sendsTheFirstNackOfAVersionAtOnceAndHoldsItsResendsLongerEachTime() {
    assertThat(throttle.delay(ResourceType.CDS, "2")).isZero();
    assertThat(throttle.delay(ResourceType.CDS, "2")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.delay(ResourceType.CDS, "2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.delay(ResourceType.LDS, "2")).as("another type").isZero();
    assertThat(throttle.delay(ResourceType.CDS, "3")).as("a new version").isZero();
    assertThat(throttle.delay(ResourceType.CDS, "3")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void startsOverAfterAnAck() {
    throttle.delay(ResourceType.EDS, "2");
    throttle.delay(ResourceType.EDS, "2");
    throttle.acked(ResourceType.EDS);

    assertThat(throttle.delay(ResourceType.EDS, "2")).isZero();
  }
}
