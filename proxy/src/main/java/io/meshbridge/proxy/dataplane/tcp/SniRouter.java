package io.meshbridge.proxy.dataplane.tcp;

import static java.util.Objects.requireNonNull;

import io.meshbridge.proxy.config.TcpChain;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS inspector: the first byte tells TLS (a handshake record, 0x16) from plaintext. For TLS
 * it reads the ClientHello (at most {@link #MAX_CLIENT_HELLO} bytes, within the timeout, else the
 * connection closes) and picks the filter chain for its server name and protocol {@code tls}; for
 * plaintext, at once, the chain for no server name and protocol {@code raw_buffer}. It hands the
 * connection to the chain and steps aside: the bytes read so far stay buffered and reach the next
 * handler when this one is removed (the chain's TLS handler, or the relay for passthrough).
 */
final class SniRouter extends AbstractSniHandler<TcpChain> {

  private static final Logger log = LoggerFactory.getLogger(SniRouter.class);

  /** Envoy's tls_inspector {@code max_client_hello_size} default. */
  static final int MAX_CLIENT_HELLO = 64 * 1024;

  private static final int TLS_HANDSHAKE_RECORD = 0x16;

  private final ChainSelector chains;
  private final Consumer<TcpChain> start;
  private final Consumer<@Nullable String> noMatch;
  private boolean rejected; // the decoder may look up again while the rejected channel closes
  private boolean plaintext;

  /**
   * @param start starts the chain's tcp_proxy on this channel (adds its handlers last)
   * @param noMatch called when no chain matches, before the connection closes, with the TLS
   *     server name ({@code ""} for none), or null for a plaintext connection
   */
  SniRouter(ChainSelector chains, long timeoutMillis, Consumer<TcpChain> start,
      Consumer<@Nullable String> noMatch) {
    super(MAX_CLIENT_HELLO, timeoutMillis);
    this.chains = requireNonNull(chains, "chains");
    this.start = requireNonNull(start, "start");
    this.noMatch = requireNonNull(noMatch, "noMatch");
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) != TLS_HANDSHAKE_RECORD) {
      plaintext = true;
      onLookupComplete(ctx, null, lookup(ctx, (String) null));
      return;
    }
    super.decode(ctx, in, out);
  }

  @Override
  protected Future<TcpChain> lookup(ChannelHandlerContext ctx, @Nullable String hostname) {
    TcpChain chain = chains.select(hostname, !plaintext);
    return chain == null
        ? ctx.executor().newFailedFuture(new NoChainException(hostname))
        : ctx.executor().newSucceededFuture(chain);
  }

  @Override
  protected void onLookupComplete(
      ChannelHandlerContext ctx, @Nullable String hostname, Future<TcpChain> future) {
    if (rejected) {
      return;
    }
    if (!future.isSuccess()) {
      rejected = true;
      log.debug("tls_inspector: no filter chain for server name {}", hostname);
      noMatch.accept(plaintext ? null : hostname == null ? "" : hostname);
      ctx.close();
      return;
    }
    start.accept(future.getNow());
    ctx.pipeline().remove(this); // the buffered ClientHello goes to the relay start added
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tls_inspector: closing {}: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  /** No filter chain matches a server name. */
  static final class NoChainException extends Exception {
    private static final long serialVersionUID = 1L;

    NoChainException(@Nullable String hostname) {
      super("no filter chain for server name " + hostname, null, false, false);
    }
  }
}
