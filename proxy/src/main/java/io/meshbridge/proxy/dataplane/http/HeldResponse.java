package io.meshbridge.proxy.dataplane.http;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A gRPC response held back until its trailers tell whether it is retried (its {@code
 * grpc-status} came only there). Nothing of it has gone downstream while it is held.
 */
final class HeldResponse {

  private final ArrayDeque<HttpObject> parts = new ArrayDeque<>();
  private long bytes;

  boolean holding() {
    return !parts.isEmpty();
  }

  void hold(HttpObject part) {
    parts.add(part);
    if (part instanceof HttpContent content) {
      bytes += content.content().readableBytes();
    }
  }

  /** Body bytes held. */
  long bytes() {
    return bytes;
  }

  /** The next held part in order, handed over to the caller, or null. */
  @Nullable HttpObject poll() {
    return parts.poll();
  }

  void release() {
    parts.forEach(ReferenceCountUtil::release);
    parts.clear();
    bytes = 0;
  }
}
