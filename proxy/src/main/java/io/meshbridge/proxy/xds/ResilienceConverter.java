package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers.Thresholds;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.OutlierDetectionConfig;
import java.time.Duration;

/**
 * A cluster's {@code circuit_breakers} (DEFAULT priority thresholds: max_connections,
 * max_pending_requests, max_requests, max_retries) and {@code outlier_detection} (the
 * consecutive-5xx and consecutive-gateway-failure detectors) → config records.
 */
final class ResilienceConverter {

  private ResilienceConverter() {}

  static CircuitBreakerThresholds circuitBreakers(
      CircuitBreakers breakers, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(breakers, path, "thresholds");
    CircuitBreakerThresholds result = CircuitBreakerThresholds.DEFAULTS;
    boolean seen = false;
    for (int i = 0; i < breakers.getThresholdsCount(); i++) {
      Thresholds t = breakers.getThresholds(i);
      String p = at(join(path, "thresholds"), i);
      check.onlySupported(
          t, p, "priority", "max_connections", "max_pending_requests", "max_requests",
          "max_retries");
      if (t.getPriority() != RoutingPriority.DEFAULT) {
        throw check.invalid(
            join(p, "priority"), t.getPriority() + " is not supported (supported: DEFAULT)");
      }
      if (seen) {
        throw check.invalid(p, "a second DEFAULT priority entry (expected: one)");
      }
      seen = true;
      result =
          new CircuitBreakerThresholds(
              limit(t.hasMaxConnections(), t.getMaxConnections(), check,
                  join(p, "max_connections")),
              limit(t.hasMaxPendingRequests(), t.getMaxPendingRequests(), check,
                  join(p, "max_pending_requests")),
              limit(t.hasMaxRequests(), t.getMaxRequests(), check, join(p, "max_requests")),
              limit(t.hasMaxRetries(), t.getMaxRetries(), check, join(p, "max_retries")));
    }
    return result;
  }

  private static int limit(boolean set, UInt32Value value, FieldChecker check, String path)
      throws InvalidResourceException {
    if (!set) {
      return CircuitBreakerThresholds.ENVOY_DEFAULT;
    }
    int v = value.getValue();
    // A uint32 above Integer.MAX_VALUE (Istio writes 4294967295 for "no limit", docs/xds.md) is
    // capped: no proxy holds 2^31 connections or requests to one cluster.
    return v < 0 ? Integer.MAX_VALUE : v;
  }

  static OutlierDetectionConfig outlierDetection(
      OutlierDetection od, FieldChecker check, String path) throws InvalidResourceException {
    check.onlySupported(
        od, path, "consecutive_5xx", "consecutive_gateway_failure", "interval",
        "base_ejection_time", "max_ejection_time", "max_ejection_percent",
        "enforcing_consecutive_5xx", "enforcing_consecutive_gateway_failure",
        "enforcing_success_rate", "enforcing_failure_percentage",
        "enforcing_failure_percentage_local_origin", "enforcing_local_origin_success_rate");
    notEnforced(od.hasEnforcingSuccessRate(), od.getEnforcingSuccessRate(), check,
        join(path, "enforcing_success_rate"), "success-rate");
    notEnforced(od.hasEnforcingFailurePercentage(), od.getEnforcingFailurePercentage(), check,
        join(path, "enforcing_failure_percentage"), "failure-percentage");
    notEnforced(od.hasEnforcingFailurePercentageLocalOrigin(),
        od.getEnforcingFailurePercentageLocalOrigin(), check,
        join(path, "enforcing_failure_percentage_local_origin"), "failure-percentage");
    notEnforced(od.hasEnforcingLocalOriginSuccessRate(), od.getEnforcingLocalOriginSuccessRate(),
        check, join(path, "enforcing_local_origin_success_rate"), "success-rate");
    OutlierDetectionConfig d = OutlierDetectionConfig.ENVOY_DEFAULTS;
    return new OutlierDetectionConfig(
        count(od.hasConsecutive5Xx(), od.getConsecutive5Xx(), d.consecutive5xx(), check,
            join(path, "consecutive_5xx")),
        count(od.hasConsecutiveGatewayFailure(), od.getConsecutiveGatewayFailure(),
            d.consecutiveGatewayFailure(), check, join(path, "consecutive_gateway_failure")),
        duration(od.hasInterval(), od.getInterval(), d.interval(), check, join(path, "interval")),
        duration(od.hasBaseEjectionTime(), od.getBaseEjectionTime(), d.baseEjectionTime(), check,
            join(path, "base_ejection_time")),
        duration(od.hasMaxEjectionTime(), od.getMaxEjectionTime(), d.maxEjectionTime(), check,
            join(path, "max_ejection_time")),
        percent(od.hasMaxEjectionPercent(), od.getMaxEjectionPercent(), d.maxEjectionPercent(),
            check, join(path, "max_ejection_percent")),
        percent(od.hasEnforcingConsecutive5Xx(), od.getEnforcingConsecutive5Xx(),
            d.enforcingConsecutive5xx(), check, join(path, "enforcing_consecutive_5xx")),
        percent(od.hasEnforcingConsecutiveGatewayFailure(),
            od.getEnforcingConsecutiveGatewayFailure(), d.enforcingConsecutiveGatewayFailure(),
            check, join(path, "enforcing_consecutive_gateway_failure")));
  }

  /** Detectors this proxy does not implement are accepted only when not enforced. */
  private static void notEnforced(
      boolean set, UInt32Value value, FieldChecker check, String path, String detector)
      throws InvalidResourceException {
    if (set && value.getValue() != 0) {
      throw check.invalid(
          path,
          Integer.toUnsignedString(value.getValue()) + " (expected: 0 or unset; " + detector
              + " outlier detection is not implemented, only consecutive_5xx and"
              + " consecutive_gateway_failure)");
    }
  }

  private static int count(
      boolean set, UInt32Value value, int fallback, FieldChecker check, String path)
      throws InvalidResourceException {
    if (!set) {
      return fallback;
    }
    int v = value.getValue();
    if (v < 1) {
      throw check.invalid(path, Integer.toUnsignedString(v) + " (expected: 1..2147483647)");
    }
    return v;
  }

  private static int percent(
      boolean set, UInt32Value value, int fallback, FieldChecker check, String path)
      throws InvalidResourceException {
    if (!set) {
      return fallback;
    }
    int v = value.getValue();
    if (v < 0 || v > 100) {
      throw check.invalid(path, Integer.toUnsignedString(v) + " (expected: 0..100)");
    }
    return v;
  }

  private static Duration duration(
      boolean set, com.google.protobuf.Duration value, Duration fallback, FieldChecker check,
      String path) throws InvalidResourceException {
    if (!set) {
      return fallback;
    }
    return ProtoDurations.positive(value)
        .orElseThrow(
            () ->
                check.invalid(
                    path, ProtoDurations.describe(value) + " (expected: a positive duration)"));
  }
}
