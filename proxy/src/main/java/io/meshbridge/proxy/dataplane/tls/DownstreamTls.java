package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.DownstreamTlsConfig;
import io.meshbridge.proxy.config.DownstreamTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up TLS on an accepted connection as its listener's {@link DownstreamTransport} says:
 * nothing for plaintext; otherwise the first byte decides (the TLS inspector: a TLS handshake
 * record starts with 0x16): TLS, with an {@link SslHandler} made from the context current when the
 * connection is accepted; plaintext (PERMISSIVE); or closed and counted (STRICT: no filter chain
 * matches). The HTTP pipeline is added after that decision, behind the TLS handler. TCP listeners
 * pick their chain with the TLS inspector themselves and use {@link #terminate} and {@link
 * #noFilterChainMatch}, so both kinds of listener share one TLS termination.
 */
public final class DownstreamTls {

  private static final Logger log = LoggerFactory.getLogger(DownstreamTls.class);
  private static final int TLS_HANDSHAKE_RECORD = 0x16;

  private DownstreamTls() {}

  /**
   * @param statPrefix the listener's stat prefix, for the counters
   * @param http adds the HTTP handlers at the end of the pipeline
   */
  public static void init(Channel ch, DownstreamTransport transport, TlsContexts contexts,
      TlsStats stats, String statPrefix, Runnable http) {
    DownstreamTlsConfig tls = transport.tls();
    if (tls == null) {
      http.run();
    } else {
      ch.pipeline().addLast("tls-inspector",
          new Detector(transport, tls, contexts, stats, statPrefix, http));
    }
  }

  /**
   * Terminates TLS on {@code ch} with {@code tls}: adds the TLS handler and the peer recorder at the
   * end of the pipeline. The connection's {@link DownstreamPeer} is set by the first listener of
   * the handshake future, so listeners added later (network RBAC) see it. False, and the
   * connection closed and counted, when there is no context (a secret missing).
   *
   * @param statPrefix the listener's stat prefix, for the counters
   */
  public static boolean terminate(Channel ch, DownstreamTlsConfig tls, TlsContexts contexts,
      TlsStats stats, String statPrefix) {
    SslContext context = contexts.server(tls);
    if (context == null) {
      stats.connectionErrors("listener", statPrefix).increment();
      log.warn("Listener {}: closing TLS connection from {}: {}", statPrefix, ch.remoteAddress(),
          contexts.problem(tls));
      ch.close();
      return false;
    }
    SslHandler handler = context.newHandler(ch.alloc());
    ch.pipeline().addLast("tls", handler);
    ch.pipeline().addLast("tls-peer", new PeerRecorder(stats, statPrefix));
    handler.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        DownstreamPeer.set(ch, PeerRecorder.peer(handler.engine().getSession()));
        stats.handshakes("listener", statPrefix).increment();
      }
    });
    return true;
  }

  /**
   * Counts and logs a connection that matches no filter chain; the caller closes it.
   *
   * @param what what the connection is: {@code "plaintext"}, or {@code "TLS"}
   * @param why the detail for the log, e.g. {@code "the listener requires TLS"}
   */
  public static void noFilterChainMatch(
      Channel ch, TlsStats stats, String statPrefix, String what, String why) {
    stats.noFilterChainMatch(statPrefix).increment();
    log.info("Listener {}: closing {} connection from {}: no filter chain matches ({})",
        statPrefix, what, ch.remoteAddress(), why);
  }

  /** The TLS inspector for a listener with a TLS chain: the first byte picks the chain. */
  private static final class Detector extends ByteToMessageDecoder {
    private final DownstreamTransport transport;
    private final DownstreamTlsConfig tls;
    private final TlsContexts contexts;
    private final TlsStats stats;
    private final String statPrefix;
    private final Runnable http;

    Detector(DownstreamTransport transport, DownstreamTlsConfig tls, TlsContexts contexts,
        TlsStats stats, String statPrefix, Runnable http) {
      this.transport = transport;
      this.tls = tls;
      this.contexts = contexts;
      this.stats = stats;
      this.statPrefix = statPrefix;
      this.http = http;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (!in.isReadable()) {
        return;
      }
      Channel ch = ctx.channel();
      if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
        if (!terminate(ch, tls, contexts, stats, statPrefix)) {
          in.skipBytes(in.readableBytes());
          return;
        }
      } else if (!transport.plaintext()) {
        noFilterChainMatch(ch, stats, statPrefix, "plaintext", "the listener requires TLS");
        in.skipBytes(in.readableBytes());
        ctx.close();
        return;
      }
      http.run();
      ctx.pipeline().remove(this); // the bytes read so far go to the next handler
    }
  }
}
