package io.meshbridge.proxy.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.dataplane.http.RetryRules.Failure;
import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Which outcomes each Envoy condition retries, the method rule, and the backoff bounds. */
class RetryRulesTest {

  @Test
  void statusConditions() {
    assertThat(retries(RetryOn.FIVE_XX, 500)).isTrue();
    assertThat(retries(RetryOn.FIVE_XX, 499)).isFalse();
    assertThat(retries(RetryOn.GATEWAY_ERROR, 502)).isTrue();
    assertThat(retries(RetryOn.GATEWAY_ERROR, 500)).isFalse();
    assertThat(retries(RetryOn.RETRIABLE_4XX, 409)).isTrue();
    assertThat(retries(RetryOn.RETRIABLE_4XX, 404)).isFalse();
    assertThat(retries(RetryOn.RESET, 503)).isFalse();
    RetryPolicy codes =
        RetryPolicy.of(Set.of(RetryOn.RETRIABLE_STATUS_CODES), 1)
            .withRetriableStatusCodes(Set.of(429));
    assertThat(RetryRules.retries(codes, 429, -1, true, false)).isTrue();
    assertThat(RetryRules.retries(codes, 503, -1, true, false)).isFalse();
  }

  @Test
  void failureConditions() {
    RetryPolicy connect = RetryPolicy.of(Set.of(RetryOn.CONNECT_FAILURE), 1);
    assertThat(RetryRules.retries(connect, Failure.CONNECT_FAILURE, true)).isTrue();
    assertThat(RetryRules.retries(connect, Failure.RESET, true)).isFalse();
    assertThat(RetryRules.retries(connect, Failure.PER_TRY_TIMEOUT, true)).isFalse();
    for (RetryOn on : Set.of(RetryOn.FIVE_XX, RetryOn.GATEWAY_ERROR, RetryOn.RESET)) {
      RetryPolicy p = RetryPolicy.of(Set.of(on), 1);
      for (Failure f : Set.of(Failure.CONNECT_FAILURE, Failure.RESET, Failure.PER_TRY_TIMEOUT)) {
        assertThat(RetryRules.retries(p, f, true)).as(on + " " + f).isTrue();
      }
      assertThat(RetryRules.retries(p, Failure.PROTOCOL_ERROR, true)).isFalse();
    }
    RetryPolicy refused = RetryPolicy.of(Set.of(RetryOn.REFUSED_STREAM), 1);
    assertThat(RetryRules.retries(refused, Failure.REFUSED_STREAM, false)).isTrue();
    assertThat(RetryRules.retries(refused, Failure.CONNECT_FAILURE, true)).isFalse();
  }

  @Test
  void nonIdempotentRequestsOnlyOnUnprocessedFailuresUnlessOptedIn() {
    RetryPolicy p = RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 1);
    assertThat(RetryRules.retries(p, Failure.CONNECT_FAILURE, false)).isTrue();
    assertThat(RetryRules.retries(p, Failure.RESET, false)).isFalse();
    assertThat(RetryRules.retries(p, 503, -1, false, false)).isFalse();
    RetryPolicy optIn = p.withRetryNonIdempotent(true);
    assertThat(RetryRules.retries(optIn, Failure.RESET, false)).isTrue();
    assertThat(RetryRules.retries(optIn, 503, -1, false, false)).isTrue();
  }

  @Test
  void grpcConditionsReadTheStatusAndApplyToGrpcPosts() {
    RetryPolicy p = RetryPolicy.of(Set.of(RetryOn.GRPC_UNAVAILABLE, RetryOn.GRPC_CANCELLED), 1);
    assertThat(RetryRules.retries(p, 200, 14, false, true)).isTrue();
    assertThat(RetryRules.retries(p, 200, 1, false, true)).isTrue();
    assertThat(RetryRules.retries(p, 200, 13, false, true)).isFalse();
    assertThat(RetryRules.retries(p, 200, 14, false, false)).isFalse(); // a plain POST
    assertThat(RetryRules.retries(p, 503, -1, true, true)).isFalse();
  }

  @Test
  void backoffIsJitteredBelowTheExponentialBoundAndTheMax() {
    RetryPolicy p = RetryPolicy.of(Set.of(RetryOn.FIVE_XX), 5);
    RandomGenerator highest =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new UnsupportedOperationException();
          }

          @Override
          public long nextLong(long bound) {
            return bound - 1;
          }
        };
    long ms = Duration.ofMillis(1).toNanos();
    assertThat(Backoff.delayNanos(p, 1, highest)).isEqualTo(25 * ms - 1);
    assertThat(Backoff.delayNanos(p, 2, highest)).isEqualTo(75 * ms - 1);
    assertThat(Backoff.delayNanos(p, 3, highest)).isEqualTo(175 * ms - 1);
    assertThat(Backoff.delayNanos(p, 4, highest)).isEqualTo(250 * ms - 1);
    assertThat(Backoff.delayNanos(p, 40, highest)).isEqualTo(250 * ms - 1);
    assertThat(Backoff.delayNanos(p, 1, RandomGenerator.of("L64X128MixRandom")))
        .isBetween(0L, 25 * ms);
  }

  private static boolean retries(RetryOn on, int status) {
    return RetryRules.retries(RetryPolicy.of(Set.of(on), 1), status, -1, true, false);
  }
}
