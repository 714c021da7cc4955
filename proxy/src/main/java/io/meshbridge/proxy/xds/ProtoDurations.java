package io.meshbridge.proxy.xds;

import com.google.protobuf.util.Durations;
import java.time.Duration;
import java.util.Optional;

/** Reads protobuf {@code Duration} fields (timeouts in bootstraps and resources). */
public final class ProtoDurations {

  /** {@code value} as a {@link Duration} when it is a valid, positive protobuf duration. */
  public static Optional<Duration> positive(com.google.protobuf.Duration value) {
    if (!Durations.isValid(value) || !Durations.isPositive(value)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(value.getSeconds(), value.getNanos()));
  }

  /** How to show {@code value} in an error: {@code 1.5s}, or its raw fields when invalid. */
  public static String describe(com.google.protobuf.Duration value) {
    return Durations.isValid(value)
        ? Durations.toString(value)
        : value.getSeconds() + "s " + value.getNanos() + "ns";
  }

  private ProtoDurations() {}
}
