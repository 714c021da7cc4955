package io.meshbridge.proxy.dataplane.http;

import io.meshbridge.proxy.dataplane.snapshot.ClusterState;
import io.meshbridge.proxy.dataplane.upstream.UpstreamHandler;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.meshbridge.proxy.dataplane.upstream.UpstreamListener;
import io.meshbridge.proxy.dataplane.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fire-and-forget copy of one request to a mirror cluster (Envoy's {@code
 * request_mirror_policies}): the head with {@code -shadow} appended to the authority's host, and
 * the body, kept up to {@link RequestBody#LIMIT_BYTES} (a bigger request is not mirrored). It goes
 * out once the request is complete, on its own connection; its response is read and dropped and
 * never touches the downstream. Runs on the downstream connection's event loop.
 */
final class Mirror implements UpstreamListener, UpstreamPool.Waiter {

  private static final Logger log = LoggerFactory.getLogger(Mirror.class);

  private final HttpRequest head;
  private final ClusterState cluster;
  private final UpstreamPool pool;
  private final long timeoutNanos;
  private final List<HttpContent> body = new ArrayList<>(2);
  private long bytes;
  private boolean abandoned;
  private int endpoint = -1;
  private @Nullable UpstreamHandler upstream;
  private @Nullable ScheduledFuture<?> timer;
  private boolean keepAlive;
  private boolean sent;
  private @Nullable UpstreamKey waitingFor;
  private final EventExecutor executor;

  /**
   * @param request the upstream request head as the main exchange sends it (copied here)
   * @param timeoutNanos how long the mirror may take once sent (the route timeout), 0 for no limit
   */
  Mirror(
      HttpRequest request, ClusterState cluster, UpstreamPool pool, long timeoutNanos,
      EventExecutor executor) {
    this.executor = executor;
    this.head =
        new DefaultHttpRequest(
            request.protocolVersion(), request.method(), request.uri(), request.headers().copy());
    String host = request.headers().get(HttpHeaderNames.HOST, "");
    head.headers().set(HttpHeaderNames.HOST, shadow(host));
    this.cluster = cluster;
    this.pool = pool;
    this.timeoutNanos = timeoutNanos;
  }

  /** {@code host-shadow}, keeping a port: {@code a.mesh:80} → {@code a.mesh-shadow:80}. */
  static String shadow(String authority) {
    int colon = authority.lastIndexOf(':');
    boolean port = colon > 0 && authority.indexOf(']', colon) < 0 && !authority.endsWith("]");
    return port
        ? authority.substring(0, colon) + "-shadow" + authority.substring(colon)
        : authority + "-shadow";
  }

  /** A body part of the request (the caller keeps its own reference). */
  void add(HttpContent part) {
    if (abandoned) {
      return;
    }
    bytes += part.content().readableBytes();
    if (bytes > RequestBody.LIMIT_BYTES) {
      log.debug("Not mirroring a request to {}: body over {} bytes", cluster.name(), bytes);
      abandon();
      return;
    }
    body.add(part.retainedDuplicate());
    if (part instanceof LastHttpContent) {
      send();
    }
  }

  /** The request will not complete: nothing is mirrored (no effect once it was sent). */
  void abandon() {
    if (sent) {
      return;
    }
    abandoned = true;
    body.forEach(ReferenceCountUtil::release);
    body.clear();
  }

  private void send() {
    endpoint = cluster.endpoints().pick();
    if (endpoint < 0) {
      abandon();
      return;
    }
    sent = true;
    abandoned = true; // nothing more to take
    cluster.endpoints().started(endpoint);
    UpstreamKey key = cluster.endpoints().key(endpoint);
    if (timeoutNanos > 0) {
      timer = executor.schedule(this::end, timeoutNanos, TimeUnit.NANOSECONDS);
    }
    UpstreamHandler idle = pool.pollIdle(key);
    if (idle != null) {
      attach(idle);
      return;
    }
    // the mirror cluster's max_pending_requests / max_connections apply, as to any try
    waitingFor = key;
    if (!pool.acquire(
        key, cluster.config().connectTimeout(), cluster.stats(), cluster.breakers(), this)) {
      waitingFor = null;
      end(); // overflow: the copy is dropped
    }
  }

  @Override
  public void onConnection(UpstreamHandler h, boolean reused) {
    waitingFor = null;
    if (endpoint >= 0) {
      attach(h);
    } else {
      pool.release(h, true); // unused, so still good for the next request
    }
  }

  @Override
  public void onConnectFailure(@Nullable Throwable cause) {
    waitingFor = null;
    end();
  }

  private void attach(UpstreamHandler h) {
    upstream = h;
    h.bind(this);
    Channel ch = h.channel();
    ch.config().setAutoRead(true);
    ch.write(head, ch.voidPromise());
    body.forEach(part -> ch.write(part, ch.voidPromise())); // ownership passes to the channel
    body.clear();
    ch.flush();
  }

  @Override
  public void onResponse(HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      keepAlive = HttpUtil.isKeepAlive(response) && !msg.decoderResult().isFailure();
      cluster.stats().response(response.status().code());
    }
    boolean last = msg instanceof LastHttpContent;
    ReferenceCountUtil.release(msg);
    if (last) {
      UpstreamHandler u = upstream;
      upstream = null;
      if (u != null) {
        u.unbind();
        pool.release(u, keepAlive);
      }
      end();
    }
  }

  @Override
  public void onResponseReadComplete() {}

  @Override
  public void onUpstreamWritabilityChanged() {}

  @Override
  public void onUpstreamClosed(@Nullable Throwable cause) {
    upstream = null;
    end();
  }

  /** Ends the mirror: on its response's end, its failure, or its timeout. */
  private void end() {
    ScheduledFuture<?> t = timer;
    timer = null;
    if (t != null) {
      t.cancel(false);
    }
    UpstreamKey waiting = waitingFor;
    waitingFor = null;
    if (waiting != null) { // timed out while waiting for a connection: give up the place
      pool.cancel(waiting, this);
    }
    UpstreamHandler u = upstream;
    upstream = null;
    if (u != null) {
      u.unbind();
      u.channel().close();
    }
    body.forEach(ReferenceCountUtil::release);
    body.clear();
    if (endpoint >= 0) {
      cluster.endpoints().finished(endpoint);
      endpoint = -1;
    }
  }
}
