package io.meshbridge.pilot.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Istio's {@code retryOn}: a comma-separated list of Envoy's HTTP and gRPC retry conditions and
 * HTTP status codes (which become Envoy's {@code retriable-status-codes}).
 */
public final class RetryOn {

  /** Istio's default when {@code retryOn} is not given (503 is the retriable status code). */
  public static final List<String> DEFAULT =
      List.of("connect-failure", "refused-stream", "unavailable", "cancelled", "503");

  /** The conditions Envoy knows (x-envoy-retry-on and x-envoy-retry-grpc-on). */
  public static final Set<String> CONDITIONS =
      Set.of(
          "5xx",
          "gateway-error",
          "reset",
          "reset-before-request",
          "connect-failure",
          "envoy-ratelimited",
          "retriable-4xx",
          "refused-stream",
          "retriable-status-codes",
          "retriable-headers",
          "http3-post-connect-failure",
          "cancelled",
          "deadline-exceeded",
          "internal",
          "resource-exhausted",
          "unavailable");

  static List<String> parse(Field f, String text) {
    List<String> out = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String item = raw.trim();
      if (item.matches("[1-5]\\d\\d")) {
        out.add(item);
      } else if (CONDITIONS.contains(item)) {
        out.add(item);
      } else {
        throw f.error(
            "'" + item + "' (expected: Envoy retry conditions such as 5xx, connect-failure,"
                + " unavailable, or HTTP status codes, comma-separated)");
      }
    }
    return out;
  }

  private RetryOn() {}
}
