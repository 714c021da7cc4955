package io.meshbridge.proxy.dataplane.upstream;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.dataplane.h2.Http2Upstreams;
import io.meshbridge.proxy.dataplane.stats.ClusterStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Keep-alive HTTP/1.1 connections of one event loop, by {@link UpstreamKey}. Every method runs on
 * that event loop (like Envoy's per-worker pools), so there is no lock. An idle connection closes
 * after the idle timeout, when the upstream closes it, or when its endpoint leaves the config.
 *
 * <p>{@link #acquire} applies the cluster's circuit breakers as Envoy's HTTP/1.1 pool does: a
 * request without an idle connection is pending (max_pending_requests) until it gets one; a new
 * connection needs a max_connections permit, except when this pool has no connection at all to
 * the endpoint (so a waiting request always has one that will free up); otherwise the request
 * waits, in order, for a connection to the endpoint to be released or closed.
 */
public final class UpstreamPool {

  /** A request waiting in {@link #acquire}. Called on the pool's event loop. */
  public interface Waiter {
    /** The request's connection: new, or one another request released ({@code reused}). */
    void onConnection(UpstreamHandler h, boolean reused);

    /** The connection opened for the request failed. */
    void onConnectFailure(@Nullable Throwable cause);
  }

  private record Pending(
      Waiter waiter, Duration connectTimeout, ClusterStats stats, CircuitBreakers breakers) {}

  private final UpstreamConnector connector;
  private final Predicate<UpstreamKey> configured;
  private final Duration idleTimeout;
  private final Function<UpstreamKey, HttpProtocolOptions> protocols;
  private final @Nullable Http2Upstreams http2;
  private final Map<UpstreamKey, ArrayDeque<UpstreamHandler>> idle = new HashMap<>();
  private final Map<UpstreamKey, ArrayDeque<Pending>> waiting = new HashMap<>();
  /** Connections opened by {@link #acquire}, connecting or connected, by endpoint. */
  private final Map<UpstreamKey, Integer> open = new HashMap<>();

  /**
   * @param configured whether an endpoint is still in the config; connections to others are closed
   *     instead of pooled
   */
  public UpstreamPool(
      UpstreamConnector connector, Predicate<UpstreamKey> configured, Duration idleTimeout) {
    this(connector, configured, idleTimeout, key -> HttpProtocolOptions.DEFAULT, null);
  }

  /**
   * @param idleTimeout for clusters whose protocol options set none
   * @param protocols each endpoint's cluster's protocol options (HTTP version, max requests per
   *     connection, idle timeout)
   * @param http2 where streams to HTTP/2 clusters come from; {@code null}: every cluster HTTP/1.1
   */
  public UpstreamPool(
      UpstreamConnector connector,
      Predicate<UpstreamKey> configured,
      Duration idleTimeout,
      Function<UpstreamKey, HttpProtocolOptions> protocols,
      @Nullable Http2Upstreams http2) {
    this.connector = requireNonNull(connector, "connector");
    this.configured = requireNonNull(configured, "configured");
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    this.protocols = requireNonNull(protocols, "protocols");
    this.http2 = http2;
  }

  /** The upstream handler of a channel made by an {@link UpstreamConnector}. */
  public static UpstreamHandler handlerOf(Channel channel) {
    UpstreamHandler h = channel.pipeline().get(UpstreamHandler.class);
    if (h == null) {
      throw new IllegalStateException("no UpstreamHandler in " + channel.pipeline().names());
    }
    return h;
  }

  /**
   * The most recently used open idle connection to {@code key}, or null; closed ones are dropped.
   */
  public @Nullable UpstreamHandler pollIdle(UpstreamKey key) {
    ArrayDeque<UpstreamHandler> connections = idle.get(key);
    if (connections == null) {
      return null;
    }
    UpstreamHandler h;
    while ((h = connections.pollLast()) != null) {
      h.inUse();
      if (h.channel().isActive()) {
        break;
      }
    }
    if (connections.isEmpty()) {
      idle.remove(key);
    }
    return h;
  }

  /** Opens a new connection to {@code key}, counting it in {@code stats}. */
  public ChannelFuture connect(UpstreamKey key, Duration connectTimeout, ClusterStats stats) {
    HttpProtocolOptions options = protocols.apply(key);
    if (http2 != null && options.protocol() == HttpProtocolOptions.Protocol.HTTP2) {
      return http2.openStream(key, connectTimeout, stats, options); // a stream, not a connection
    }
    stats.connections().increment();
    ChannelFuture connected = connector.connect(key, connectTimeout);
    connected.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            stats.connectFailures().increment();
            return;
          }
          stats.activeConnections().increment();
          UpstreamHandler h = handlerOf(f.channel());
          f.channel()
              .closeFuture()
              .addListener(
                  c -> {
                    stats.activeConnections().decrement();
                    forget(h);
                  });
        });
    return connected;
  }

  /**
   * Gets a connection for a request that found no idle one (see the class comment). Answers
   * through {@code waiter}, never before this returns.
   *
   * @return false when max_pending_requests overflowed (counted): nothing else happened, the
   *     caller answers {@link CircuitBreakers#OVERFLOW_STATUS}
   */
  public boolean acquire(
      UpstreamKey key,
      Duration connectTimeout,
      ClusterStats stats,
      CircuitBreakers breakers,
      Waiter waiter) {
    if (!breakers.tryAcquirePending()) {
      return false;
    }
    Pending p = new Pending(waiter, connectTimeout, stats, breakers);
    if (!startConnect(key, p)) {
      waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(p);
    }
    return true;
  }

  /** The request of {@code waiter} ended while it waited in {@link #acquire}. */
  public void cancel(UpstreamKey key, Waiter waiter) {
    ArrayDeque<Pending> queue = waiting.get(key);
    if (queue == null) {
      return;
    }
    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.waiter() == waiter) {
        it.remove();
        p.breakers().releasePending();
      }
    }
    if (queue.isEmpty()) {
      waiting.remove(key);
    }
  }

  /** Requests waiting for a connection to {@code key}, for tests and diagnostics. */
  public int waitingCount(UpstreamKey key) {
    ArrayDeque<Pending> queue = waiting.get(key);
    return queue == null ? 0 : queue.size();
  }

  private boolean startConnect(UpstreamKey key, Pending p) {
    boolean permit = p.breakers().tryAcquireConnection();
    if (!permit && open.getOrDefault(key, 0) > 0) {
      return false;
    }
    open.merge(key, 1, Integer::sum);
    connect(key, p.connectTimeout(), p.stats())
        .addListener(
            (ChannelFuture f) -> {
              p.breakers().releasePending();
              if (!f.isSuccess()) {
                closed(key, permit, p.breakers());
                p.waiter().onConnectFailure(f.cause());
                return;
              }
              f.channel().closeFuture().addListener(c -> closed(key, permit, p.breakers()));
              p.waiter().onConnection(handlerOf(f.channel()), false);
            });
    return true;
  }

  private void closed(UpstreamKey key, boolean permit, CircuitBreakers breakers) {
    if (permit) {
      breakers.releaseConnection();
    }
    open.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    ArrayDeque<Pending> queue = waiting.get(key);
    if (queue != null && startConnect(key, queue.peekFirst())) {
      queue.pollFirst();
      if (queue.isEmpty()) {
        waiting.remove(key);
      }
    }
  }

  /** Hands a released connection to the first request waiting for its endpoint, if any. */
  private boolean handOver(UpstreamHandler h) {
    ArrayDeque<Pending> queue = waiting.get(h.key());
    Pending p = queue == null ? null : queue.pollFirst();
    if (p == null) {
      return false;
    }
    if (queue.isEmpty()) {
      waiting.remove(h.key());
    }
    p.breakers().releasePending();
    p.waiter().onConnection(h, true);
    return true;
  }

  /**
   * Takes back a connection whose request is over: pooled when {@code reusable}, still open, still
   * configured and below its cluster's {@code max_requests_per_connection}; closed otherwise.
   */
  public void release(UpstreamHandler h, boolean reusable) {
    Channel ch = h.channel();
    if (ch instanceof Http2StreamChannel) {
      ch.close(); // a finished stream is gone; an unfinished one is reset
      return;
    }
    HttpProtocolOptions options = protocols.apply(h.key());
    int max = options.maxRequestsPerConnection();
    if (!reusable
        || !ch.isActive()
        || !configured.test(h.key())
        || (max > 0 && h.requests() >= max)) {
      ch.close();
      return;
    }
    if (handOver(h)) {
      return;
    }
    ch.config().setAutoRead(true); // notice an upstream close while idle
    idle.computeIfAbsent(h.key(), k -> new ArrayDeque<>()).addLast(h);
    h.pooled(options.idleTimeoutNanos(idleTimeout));
  }

  /** Closes idle connections to endpoints that are no longer configured. */
  public void closeUnconfigured() {
    if (http2 != null) {
      http2.closeUnconfigured();
    }
    List<UpstreamHandler> stale = new ArrayList<>();
    idle.forEach(
        (key, connections) -> {
          if (!configured.test(key)) {
            stale.addAll(connections);
          }
        });
    stale.forEach(h -> h.channel().close());
  }

  /** Closes every idle connection (and every HTTP/2 connection). */
  public void closeIdle() {
    if (http2 != null) {
      http2.closeAll();
    }
    List<UpstreamHandler> all = new ArrayList<>();
    idle.values().forEach(all::addAll);
    all.forEach(h -> h.channel().close());
  }

  /** Idle connections to {@code key}, for tests and diagnostics. */
  public int idleCount(UpstreamKey key) {
    ArrayDeque<UpstreamHandler> connections = idle.get(key);
    return connections == null ? 0 : connections.size();
  }

  private void forget(UpstreamHandler h) {
    ArrayDeque<UpstreamHandler> connections = idle.get(h.key());
    if (connections != null && connections.remove(h) && connections.isEmpty()) {
      idle.remove(h.key());
    }
  }
}
