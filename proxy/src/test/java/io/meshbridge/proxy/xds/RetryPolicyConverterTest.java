package io.meshbridge.proxy.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.config.RouteAction;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route {@code retry_policy} and the non-idempotent opt-in in route metadata. */
class RetryPolicyConverterTest {

  @Test
  void convertsWhatPilotWrites() throws Exception {
    RetryPolicy retry = retryOf("""
        route:
          cluster: c
          retry_policy:
            retry_on: connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes
            num_retries: 3
            per_try_timeout: 0.5s
            retriable_status_codes: [503]
            retry_host_predicate:
            - name: envoy.retry_host_predicates.previous_hosts
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate
            host_selection_retry_max_attempts: 5
            retry_priority:
              name: envoy.retry_priorities.previous_priorities
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig
                update_frequency: 2
        metadata: {filter_metadata: {meshbridge: {retry_non_idempotent: true}, other: {x: 1}}}
        """);

    assertThat(retry)
        .isEqualTo(
            RetryPolicy.of(
                    Set.of(
                        RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.GRPC_UNAVAILABLE,
                        RetryOn.GRPC_CANCELLED, RetryOn.RETRIABLE_STATUS_CODES),
                    3)
                .withRetriableStatusCodes(Set.of(503))
                .withPerTryTimeout(Duration.ofMillis(500))
                .withPreviousHosts(true, 5)
                .withRetryNonIdempotent(true)
                .withPreviousPriorities(2));
    assertThat(retry.backoffBase()).isEqualTo(Duration.ofMillis(25));
    assertThat(retry.backoffMax()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void envoysDefaultsWhenFieldsAreAbsent() throws Exception {
    RetryPolicy retry = retryOf("""
        route: {cluster: c, retry_policy: {retry_on: 5xx, retry_back_off: {base_interval: 0.01s}}}
        """);

    assertThat(retry.numRetries()).isEqualTo(1);
    assertThat(retry.perTryTimeout()).isNull();
    assertThat(retry.avoidPreviousHosts()).isFalse();
    assertThat(retry.hostSelectionMaxAttempts()).isEqualTo(1);
    assertThat(retry.retryNonIdempotent()).isFalse();
    assertThat(retry.backoffBase()).isEqualTo(Duration.ofMillis(10));
    assertThat(retry.backoffMax()).isEqualTo(Duration.ofMillis(100));
    assertThat(retryOf("route: {cluster: c}")).isEqualTo(RetryPolicy.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown cond    | 'route: {cluster: c, retry_policy: {retry_on: "5xx,envoy-ratelimited"}}' \
        | 'route.retry_policy.retry_on: ''envoy-ratelimited'' is not supported (supported: 5xx, gateway-error, connect-failure, reset, retriable-4xx, refused-stream, retriable-status-codes, cancelled, deadline-exceeded, resource-exhausted, internal, unavailable)'
      bad code        | 'route: {cluster: c, retry_policy: {retry_on: retriable-status-codes, retriable_status_codes: [200, 7]}}' \
        | 'route.retry_policy.retriable_status_codes[1]: 7 (expected: 100..599)'
      zero per try    | 'route: {cluster: c, retry_policy: {retry_on: 5xx, per_try_timeout: 0s}}' \
        | 'route.retry_policy.per_try_timeout: 0s (expected: > 0s)'
      too many        | 'route: {cluster: c, retry_policy: {retry_on: 5xx, num_retries: 1000}}' \
        | 'route.retry_policy.num_retries: 1000 (expected: 0..100)'
      other predicate | 'route: {cluster: c, retry_policy: {retry_on: 5xx, retry_host_predicate: [{name: envoy.retry_host_predicates.omit_canary_hosts}]}}' \
        | 'route.retry_policy.retry_host_predicate[0]: ''envoy.retry_host_predicates.omit_canary_hosts'' is not supported (supported: envoy.retry_host_predicates.previous_hosts with a PreviousHostsPredicate)'
      priority        | 'route: {cluster: c, retry_policy: {retry_on: 5xx, retry_priority: {name: p}}}' \
        | 'route.retry_policy.retry_priority: ''p'' is not supported (supported: envoy.retry_priorities.previous_priorities with a envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig)'
      priority freq   | 'route: {cluster: c, retry_policy: {retry_on: 5xx, retry_priority: {name: p, typed_config: {''@type'': type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig}}}}' \
        | 'route.retry_policy.retry_priority.typed_config.update_frequency: 0 (expected: > 0, as Envoy)'
      other retry opt | 'route: {cluster: c, retry_policy: {retry_on: 5xx, retriable_headers: [{name: x}]}}' \
        | 'route.retry_policy.retriable_headers: not supported (supported: retry_on, num_retries, per_try_timeout, retriable_status_codes, retry_host_predicate, host_selection_retry_max_attempts, retry_back_off, retry_priority)'
      backoff order   | 'route: {cluster: c, retry_policy: {retry_on: 5xx, retry_back_off: {base_interval: 1s, max_interval: 0.5s}}}' \
        | 'route.retry_policy.retry_back_off.max_interval: 0.500s (expected: >= base_interval)'
      no base         | 'route: {cluster: c, retry_policy: {retry_on: 5xx, retry_back_off: {max_interval: 1s}}}' \
        | 'route.retry_policy.retry_back_off.base_interval: missing (expected: a positive duration)'
      metadata key    | 'route: {cluster: c}, metadata: {filter_metadata: {meshbridge: {retry_everything: true}}}' \
        | 'metadata.filter_metadata["meshbridge"].retry_everything: not supported (supported: retry_non_idempotent)'
      metadata type   | 'route: {cluster: c}, metadata: {filter_metadata: {meshbridge: {retry_non_idempotent: "yes"}}}' \
        | 'metadata.filter_metadata["meshbridge"].retry_non_idempotent: STRING_VALUE (expected: a bool)'
      """)
  void rejectsBadRetryFieldsNamingThem(String shape, String route, String error) {
    assertThatThrownBy(() -> retryOf(route))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessage("RouteConfiguration r: virtual_hosts[0].routes[0]." + error);
  }

  private static RetryPolicy retryOf(String route) throws InvalidResourceException {
    String fields =
        route.strip().contains("\n")
            ? route.strip()
            : route.strip().replaceFirst("}, metadata: ", "}\nmetadata: ");
    return ((RouteAction.Forward)
            YamlProtos.convertOneRoute("match: {prefix: /}\n" + fields).action())
        .retry();
  }
}
