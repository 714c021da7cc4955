package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy.RetryBackOff;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A route's {@code retry_policy} → {@link RetryPolicy}: {@code retry_on}, {@code num_retries}
 * (Envoy's default 1), {@code per_try_timeout}, {@code retriable_status_codes}, {@code
 * retry_host_predicate} ({@code previous_hosts} only), {@code host_selection_retry_max_attempts}
 * and {@code retry_back_off}; and the route metadata {@code filter_metadata["meshbridge"]
 * {retry_non_idempotent: true}}.
 */
final class RetryPolicyConverter {

  static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";
  static final String METADATA_NAMESPACE = "meshbridge";
  static final String PREVIOUS_PRIORITIES = "envoy.retry_priorities.previous_priorities";

  private RetryPolicyConverter() {}

  static RetryPolicy convert(
      io.envoyproxy.envoy.config.route.v3.RetryPolicy p, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(
        p, path, "retry_on", "num_retries", "per_try_timeout", "retriable_status_codes",
        "retry_host_predicate", "host_selection_retry_max_attempts", "retry_back_off",
        "retry_priority");
    Set<RetryOn> on = retryOn(p.getRetryOn(), check, join(path, "retry_on"));
    int numRetries = p.hasNumRetries() ? p.getNumRetries().getValue() : 1;
    if (numRetries < 0 || numRetries > 100) {
      throw check.invalid(
          join(path, "num_retries"),
          Integer.toUnsignedString(numRetries) + " (expected: 0..100)");
    }
    Set<Integer> codes = new LinkedHashSet<>();
    for (int i = 0; i < p.getRetriableStatusCodesCount(); i++) {
      int code = p.getRetriableStatusCodes(i);
      if (code < 100 || code > 599) {
        throw check.invalid(
            at(join(path, "retriable_status_codes"), i), code + " (expected: 100..599)");
      }
      codes.add(code);
    }
    RetryPolicy policy = RetryPolicy.of(on, numRetries).withRetriableStatusCodes(codes);
    if (p.hasPerTryTimeout()) {
      policy =
          policy.withPerTryTimeout(
              positive(p.getPerTryTimeout(), check, join(path, "per_try_timeout")));
    }
    boolean previousHosts = hostPredicates(p, check, join(path, "retry_host_predicate"));
    long maxPicks = p.getHostSelectionRetryMaxAttempts();
    if (maxPicks < 0 || maxPicks > 100) {
      throw check.invalid(
          join(path, "host_selection_retry_max_attempts"), maxPicks + " (expected: 0..100)");
    }
    policy = policy.withPreviousHosts(previousHosts, (int) Math.max(1, maxPicks));
    if (p.hasRetryBackOff()) {
      policy = backoff(policy, p.getRetryBackOff(), check, join(path, "retry_back_off"));
    }
    if (p.hasRetryPriority()) {
      policy = policy.withPreviousPriorities(
          previousPriorities(p.getRetryPriority(), check, join(path, "retry_priority")));
    }
    return policy;
  }

  /** The {@code update_frequency} of Envoy's {@code previous_priorities}, the one supported. */
  private static int previousPriorities(
      io.envoyproxy.envoy.config.route.v3.RetryPolicy.RetryPriority r, FieldChecker check,
      String path) throws InvalidResourceException {
    check.onlySupported(r, path, "name", "typed_config");
    String type = PreviousPrioritiesConfig.getDescriptor().getFullName();
    if (!r.hasTypedConfig() || !ListenerConverter.typeName(r.getTypedConfig()).equals(type)) {
      throw check.invalid(path, "'" + r.getName() + "' is not supported (supported: "
          + PREVIOUS_PRIORITIES + " with a " + type + ")");
    }
    String at = join(path, "typed_config");
    PreviousPrioritiesConfig config =
        ListenerConverter.unpack(r.getTypedConfig(), PreviousPrioritiesConfig.class, check, at);
    check.onlySupported(config, at, "update_frequency");
    if (config.getUpdateFrequency() < 1) {
      throw check.invalid(join(at, "update_frequency"),
          config.getUpdateFrequency() + " (expected: > 0, as Envoy)");
    }
    return config.getUpdateFrequency();
  }

  /**
   * {@code filter_metadata["meshbridge"].retry_non_idempotent} of a route: a bool, false when
   * absent. Other namespaces are left alone (metadata is informational in Envoy); other keys in
   * ours are rejected.
   */
  static boolean retryNonIdempotent(Metadata metadata, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(metadata, path, "filter_metadata");
    Struct ours = metadata.getFilterMetadataMap().get(METADATA_NAMESPACE);
    if (ours == null) {
      return false;
    }
    String at = join(path, "filter_metadata[\"" + METADATA_NAMESPACE + "\"]");
    boolean retry = false;
    for (var e : ours.getFieldsMap().entrySet()) {
      Value v = e.getValue();
      if (!e.getKey().equals("retry_non_idempotent")) {
        throw check.invalid(
            join(at, e.getKey()), "not supported (supported: retry_non_idempotent)");
      }
      if (v.getKindCase() != Value.KindCase.BOOL_VALUE) {
        throw check.invalid(join(at, e.getKey()), v.getKindCase() + " (expected: a bool)");
      }
      retry = v.getBoolValue();
    }
    return retry;
  }

  private static Set<RetryOn> retryOn(String value, FieldChecker check, String path)
      throws InvalidResourceException {
    Set<RetryOn> on = EnumSet.noneOf(RetryOn.class);
    if (value.isBlank()) {
      return on;
    }
    for (String item : value.split(",", -1)) {
      String name = item.trim();
      RetryOn condition =
          Arrays.stream(RetryOn.values())
              .filter(c -> c.envoyName().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      check.invalid(
                          path,
                          "'" + name + "' is not supported (supported: "
                              + Arrays.stream(RetryOn.values())
                                  .map(RetryOn::envoyName)
                                  .collect(Collectors.joining(", "))
                              + ")"));
      on.add(condition);
    }
    return on;
  }

  private static boolean hostPredicates(
      io.envoyproxy.envoy.config.route.v3.RetryPolicy p, FieldChecker check, String path)
      throws InvalidResourceException {
    for (int i = 0; i < p.getRetryHostPredicateCount(); i++) {
      var predicate = p.getRetryHostPredicate(i);
      String at = at(path, i);
      check.onlySupported(predicate, at, "name", "typed_config");
      boolean byType =
          predicate.hasTypedConfig()
              && ListenerConverter.typeName(predicate.getTypedConfig())
                  .equals(PreviousHostsPredicate.getDescriptor().getFullName());
      if (!byType && !(predicate.getName().equals(PREVIOUS_HOSTS) && !predicate.hasTypedConfig())) {
        throw check.invalid(
            at, "'" + predicate.getName() + "' is not supported (supported: " + PREVIOUS_HOSTS
                + " with a PreviousHostsPredicate)");
      }
      if (byType) {
        PreviousHostsPredicate config =
            ListenerConverter.unpack(
                predicate.getTypedConfig(), PreviousHostsPredicate.class, check,
                join(at, "typed_config"));
        check.onlySupported(config, join(at, "typed_config"));
      }
    }
    return p.getRetryHostPredicateCount() > 0;
  }

  private static RetryPolicy backoff(
      RetryPolicy policy, RetryBackOff b, FieldChecker check, String path)
      throws InvalidResourceException {
    check.onlySupported(b, path, "base_interval", "max_interval");
    if (!b.hasBaseInterval()) {
      throw check.invalid(join(path, "base_interval"), "missing (expected: a positive duration)");
    }
    Duration base = positive(b.getBaseInterval(), check, join(path, "base_interval"));
    Duration max =
        b.hasMaxInterval()
            ? positive(b.getMaxInterval(), check, join(path, "max_interval"))
            : base.multipliedBy(10);
    if (max.compareTo(base) < 0) {
      throw check.invalid(
          join(path, "max_interval"),
          ProtoDurations.describe(b.getMaxInterval()) + " (expected: >= base_interval)");
    }
    return policy.withBackoff(base, max);
  }

  private static Duration positive(com.google.protobuf.Duration d, FieldChecker check, String path)
      throws InvalidResourceException {
    return ProtoDurations.positive(d)
        .orElseThrow(
            () -> check.invalid(path, ProtoDurations.describe(d) + " (expected: > 0s)"));
  }
}
