package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RetryPolicy.RetryOn;
import io.meshbridge.proxy.dataplane.accesslog.ResponseFlag;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.meshbridge.proxy.dataplane.upstream.CircuitBreakers;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.EnumSet;
import java.util.Set;

/** Which attempt outcomes a {@link RetryPolicy} retries (Envoy's {@code RetryStateImpl}). */
final class RetryRules {

  static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");

  /**
   * How an attempt failed without a response the proxy could relay, with the local answer and
   * response flag it becomes when it is not retried.
   */
  enum Failure {
    CONNECT_FAILURE(
        HttpResponseStatus.SERVICE_UNAVAILABLE, ResponseFlag.UF, "upstream connect error: "),
    /** The upstream closed or reset before a response began. */
    RESET(
        HttpResponseStatus.SERVICE_UNAVAILABLE, ResponseFlag.UC, "upstream reset before response"),
    /** HTTP/2 REFUSED_STREAM (the upstream never processed the request). */
    REFUSED_STREAM(
        HttpResponseStatus.SERVICE_UNAVAILABLE, ResponseFlag.UC, "upstream reset before response"),
    PER_TRY_TIMEOUT(
        HttpResponseStatus.GATEWAY_TIMEOUT, ResponseFlag.UT, "upstream request timeout"),
    /** The upstream sent something that is not HTTP: never retried. */
    PROTOCOL_ERROR(
        HttpResponseStatus.SERVICE_UNAVAILABLE, ResponseFlag.UC,
        "upstream reset before response: protocol error"),
    /** The max_pending_requests breaker refused the try: Envoy's local 503, never retried. */
    OVERFLOW(
        HttpResponseStatus.SERVICE_UNAVAILABLE, ResponseFlag.UO, CircuitBreakers.OVERFLOW_TEXT);

    private final HttpResponseStatus status;
    private final ResponseFlag flag;
    private final String text;

    Failure(HttpResponseStatus status, ResponseFlag flag, String text) {
      this.status = status;
      this.flag = flag;
      this.text = text;
    }

    HttpResponseStatus status() {
      return status;
    }

    ResponseFlag flag() {
      return flag;
    }

    /** The local reply's body; a connect failure's ends with {@code reason}. */
    String text(String reason) {
      return this == CONNECT_FAILURE ? text + reason : text;
    }
  }

  private static final Set<RetryOn> ANY_RESET =
      EnumSet.of(RetryOn.FIVE_XX, RetryOn.GATEWAY_ERROR, RetryOn.RESET);

  private RetryRules() {}

  /** Whether {@code policy} retries {@code failure} of a request with this method. */
  static boolean retries(RetryPolicy policy, Failure failure, boolean idempotent) {
    Set<RetryOn> on = policy.retryOn();
    boolean condition =
        switch (failure) {
          case CONNECT_FAILURE -> on.contains(RetryOn.CONNECT_FAILURE) || anyOf(on, ANY_RESET);
          case REFUSED_STREAM -> on.contains(RetryOn.REFUSED_STREAM) || anyOf(on, ANY_RESET);
          case RESET, PER_TRY_TIMEOUT -> anyOf(on, ANY_RESET);
          case PROTOCOL_ERROR, OVERFLOW -> false;
        };
    boolean unprocessed = failure == Failure.CONNECT_FAILURE || failure == Failure.REFUSED_STREAM;
    return condition && (idempotent || unprocessed || policy.retryNonIdempotent());
  }

  /**
   * Whether {@code policy} retries a response with {@code status} and {@code grpcStatus} (-1 when
   * absent). A non-idempotent request reached the upstream, so it needs the route's opt-in; but
   * every gRPC call is a POST, so the gRPC conditions retry gRPC requests (as Envoy does).
   */
  static boolean retries(
      RetryPolicy policy, int status, int grpcStatus, boolean idempotent, boolean grpcRequest) {
    Set<RetryOn> on = policy.retryOn();
    if (grpcStatus >= 0
        && (idempotent || grpcRequest || policy.retryNonIdempotent())
        && on.stream().anyMatch(c -> c.grpcStatus() == grpcStatus)) {
      return true;
    }
    if (!idempotent && !policy.retryNonIdempotent()) {
      return false;
    }
    if (on.contains(RetryOn.FIVE_XX) && status >= 500 && status <= 599) {
      return true;
    }
    if (on.contains(RetryOn.GATEWAY_ERROR) && status >= 502 && status <= 504) {
      return true;
    }
    if (on.contains(RetryOn.RETRIABLE_4XX) && status == 409) {
      return true;
    }
    if (on.contains(RetryOn.RETRIABLE_STATUS_CODES)
        && policy.retriableStatusCodes().contains(status)) {
      return true;
    }
    return false;
  }

  /** Whether the policy has a gRPC condition (which may need the trailers to decide). */
  static boolean hasGrpcCondition(RetryPolicy policy) {
    return policy.retryOn().stream().anyMatch(c -> c.grpcStatus() >= 0);
  }

  /** The {@code grpc-status} in {@code headers}, or -1 when absent or not a number. */
  static int grpcStatus(HttpHeaders headers) {
    String value = headers.get(GRPC_STATUS);
    if (value == null) {
      return -1;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether a response is gRPC: its status may come only in the trailers. */
  static boolean isGrpc(HttpHeaders headers) {
    String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
    return type != null && type.startsWith("application/grpc");
  }

  private static boolean anyOf(Set<RetryOn> on, Set<RetryOn> any) {
    return any.stream().anyMatch(on::contains);
  }
}
