package io.meshbridge.proxy.dataplane.upstream;

import io.netty.handler.codec.http.HttpObject;
import org.jspecify.annotations.Nullable;

/** Receives what happens on an upstream connection while one request is bound to it. */
public interface UpstreamListener {

  /** A decoded response head or body part; the listener owns (and must release) it. */
  void onResponse(HttpObject msg);

  /** The end of one read burst: a good moment to flush what was written downstream. */
  void onResponseReadComplete();

  /** The upstream connection's writability changed. */
  void onUpstreamWritabilityChanged();

  /** The connection closed or failed; it is no longer bound to the listener. */
  void onUpstreamClosed(@Nullable Throwable cause);
}
