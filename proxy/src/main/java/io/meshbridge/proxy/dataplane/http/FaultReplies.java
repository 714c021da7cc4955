package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.FaultPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The local answer of a fault filter abort: the HTTP status with Envoy's body, or a gRPC
 * trailers-only response (200, {@code grpc-status}, {@code grpc-message}).
 */
final class FaultReplies {

  static final String TEXT = "fault filter abort";

  private FaultReplies() {}

  static void reply(DownstreamHandler handler, FaultPolicy.Abort abort, boolean requestComplete) {
    if (abort.grpcStatus() < 0) {
      handler.replyLocally(
          HttpResponseStatus.valueOf(abort.httpStatus()), TEXT, requestComplete);
      return;
    }
    handler.replyLocally(
        HttpResponseStatus.OK,
        "",
        requestComplete,
        h -> {
          h.set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
          h.set(RetryRules.GRPC_STATUS, abort.grpcStatus());
          h.set("grpc-message", TEXT);
        });
  }
}
