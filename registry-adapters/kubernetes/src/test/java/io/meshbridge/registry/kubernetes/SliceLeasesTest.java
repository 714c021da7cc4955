package io.meshbridge.registry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceLeasesTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private static EndpointSlice slice(String name, Map<String, String> annotations) {
    EndpointSlice slice = K8s.slice("shop", name, "web", List.of());
    slice.getMetadata().setAnnotations(annotations);
    return slice;
  }

  @Test
  void aSliceWithoutLeaseAnnotationsNeverExpires() {
    EndpointSlice slice = slice("web-abc", Map.of());
    assertThat(SliceLeases.read(slice)).isInstanceOf(SliceLeases.None.class);
    assertThat(SliceLeases.expired(slice, SliceLeases.read(slice), T0.plusSeconds(1_000_000)))
        .isNull();
  }

  @Test
  void aLeaseRunsForItsDurationFromTheLastRenewal() {
    EndpointSlice slice = slice("web-vm-a", SliceLeases.annotations(T0, Duration.ofSeconds(60)));

    assertThat(SliceLeases.read(slice)).isEqualTo(new SliceLeases.Until(T0.plusSeconds(60)));
    assertThat(SliceLeases.expired(slice, SliceLeases.read(slice), T0.plusSeconds(59))).isNull();
    assertThat(SliceLeases.expired(slice, SliceLeases.read(slice), T0.plusSeconds(60)))
        .isEqualTo(
            "endpointslice shop/web-vm-a: lease expired at 2026-11-22T10:01:00Z (its registrar"
                + " stopped renewing); left out");
  }

  @Test
  void unreadableLeasesNameTheAnnotationAndLeaveTheSliceOut() {
    EndpointSlice onlyTime = slice("a", Map.of(SliceLeases.RENEW_TIME, T0.toString()));
    EndpointSlice badTime =
        slice("b", Map.of(SliceLeases.RENEW_TIME, "yesterday", SliceLeases.DURATION_SECONDS, "60"));
    EndpointSlice badDuration =
        slice("c", Map.of(SliceLeases.RENEW_TIME, T0.toString(), SliceLeases.DURATION_SECONDS, "0"));

    assertThat(SliceLeases.expired(onlyTime, SliceLeases.read(onlyTime), T0))
        .isEqualTo(
            "endpointslice shop/a: metadata.annotations.meshbridge.io/lease-duration-seconds:"
                + " missing (expected: both lease annotations or neither); left out");
    assertThat(SliceLeases.expired(badTime, SliceLeases.read(badTime), T0))
        .isEqualTo(
            "endpointslice shop/b: metadata.annotations.meshbridge.io/lease-renew-time:"
                + " 'yesterday' (expected: an RFC 3339 instant); left out");
    assertThat(SliceLeases.expired(badDuration, SliceLeases.read(badDuration), T0))
        .isEqualTo(
            "endpointslice shop/c: metadata.annotations.meshbridge.io/lease-duration-seconds:"
                + " '0' (expected: whole seconds >= 1); left out");
  }

  @Test
  void nextExpiryIsTheEarliestLeaseStillRunning() {
    List<EndpointSlice> slices =
        List.of(
            slice("a", SliceLeases.annotations(T0, Duration.ofSeconds(10))),
            slice("b", SliceLeases.annotations(T0, Duration.ofSeconds(30))),
            slice("c", SliceLeases.annotations(T0, Duration.ofSeconds(20))),
            slice("d", Map.of()));

    assertThat(SliceLeases.nextExpiry(slices, T0)).isEqualTo(T0.plusSeconds(10));
    assertThat(SliceLeases.nextExpiry(slices, T0.plusSeconds(10))).isEqualTo(T0.plusSeconds(20));
    assertThat(SliceLeases.nextExpiry(slices, T0.plusSeconds(30))).isNull();
  }
}
