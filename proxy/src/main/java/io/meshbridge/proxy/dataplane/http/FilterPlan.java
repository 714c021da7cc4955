package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.config.FaultPolicy;
import io.netty.handler.codec.http.HttpHeaders;
import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP filters decided for one forwarded request: a fault delay (0 for none), then maybe
 * a fault abort, headers to add to the response (CORS), and the clusters that get a copy of it
 * (mirrors drawn for this request).
 */
record FilterPlan(
    long delayNanos,
    FaultPolicy.@Nullable Abort abort,
    Consumer<HttpHeaders> responseHeaders,
    List<ClusterState> mirrors) {

  static final FilterPlan NONE = new FilterPlan(0, null, h -> {}, List.of());

  FilterPlan {
    mirrors = List.copyOf(mirrors);
  }

  FilterPlan withResponseHeaders(Consumer<HttpHeaders> headers) {
    return new FilterPlan(delayNanos, abort, headers, mirrors);
  }

  FilterPlan withMirrors(List<ClusterState> clusters) {
    return new FilterPlan(delayNanos, abort, responseHeaders, clusters);
  }
}
