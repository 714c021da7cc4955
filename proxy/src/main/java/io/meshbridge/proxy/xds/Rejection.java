package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Why the last update of one resource was rejected (Envoy's {@code UpdateFailureState}).
 *
 * @param resource the rejected proto, or {@code null} if it could not be decoded
 * @param version the version of the response it came in
 * @param time when it was rejected
 * @param details the reason, naming the resource and field
 */
record Rejection(@Nullable Message resource, String version, Instant time, String details) {

  Rejection {
    requireNonNull(version, "version");
    requireNonNull(time, "time");
    requireNonNull(details, "details");
  }
}
