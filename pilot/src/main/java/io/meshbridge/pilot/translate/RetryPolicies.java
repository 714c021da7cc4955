package io.meshbridge.pilot.translate;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import io.meshbridge.pilot.policy.Retries;
import io.meshbridge.pilot.policy.RetryOn;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Istio's {@code HTTPRetry} as Envoy's {@link RetryPolicy}: Istio's conditions are Envoy's, HTTP
 * status codes become {@code retriable-status-codes}, and (as Istio) a retry avoids the hosts
 * already tried.
 */
final class RetryPolicies {

  static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";

  /** Istio's value: how often a retry may pick again to find a host not tried yet. */
  static final int HOST_SELECTION_RETRY_MAX_ATTEMPTS = 5;
  static final String PREVIOUS_PRIORITIES = "envoy.retry_priorities.previous_priorities";
  /** Istio's: the priorities tried are left out from every second attempt on. */
  static final int PREVIOUS_PRIORITIES_UPDATE_FREQUENCY = 2;

  static RetryPolicy of(Retries retries) {
    List<String> on = retries.retryOn().isEmpty() ? RetryOn.DEFAULT : retries.retryOn();
    Set<String> conditions = new LinkedHashSet<>();
    RetryPolicy.Builder policy = RetryPolicy.newBuilder();
    for (String item : on) {
      if (item.matches("\\d+")) {
        conditions.add("retriable-status-codes");
        policy.addRetriableStatusCodes(Integer.parseInt(item));
      } else {
        conditions.add(item);
      }
    }
    policy.setRetryOn(String.join(",", conditions)).setNumRetries(UInt32Value.of(retries.attempts()));
    if (retries.perTryTimeout() != null) {
      policy.setPerTryTimeout(Durations.fromNanos(retries.perTryTimeout().toNanos()));
    }
    policy.addRetryHostPredicate(
        RetryPolicy.RetryHostPredicate.newBuilder()
            .setName(PREVIOUS_HOSTS)
            .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance())));
    policy.setHostSelectionRetryMaxAttempts(HOST_SELECTION_RETRY_MAX_ATTEMPTS);
    if (retries.retryRemoteLocalities()) {
      policy.setRetryPriority(
          RetryPolicy.RetryPriority.newBuilder()
              .setName(PREVIOUS_PRIORITIES)
              .setTypedConfig(Any.pack(PreviousPrioritiesConfig.newBuilder()
                  .setUpdateFrequency(PREVIOUS_PRIORITIES_UPDATE_FREQUENCY).build())));
    }
    return policy.build();
  }

  private RetryPolicies() {}
}
