package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.FaultPolicy;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP filters decided for one forwarded request: a fault delay (0 for none), then maybe
 * a fault abort, and headers to add to the response (CORS).
 */
record FilterPlan(
    long delayNanos, FaultPolicy.@Nullable Abort abort, Consumer<HttpHeaders> responseHeaders) {

  static final FilterPlan NONE = new FilterPlan(0, null, h -> {});

  FilterPlan withResponseHeaders(Consumer<HttpHeaders> headers) {
    return new FilterPlan(delayNanos, abort, headers);
  }
}
