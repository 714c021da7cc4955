package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.UpstreamTlsConfig;
import io.meshbridge.proxy.dataplane.upstream.UpstreamKey;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on upstream connections: the first handler of a connection to a TLS {@link UpstreamKey}
 * (SNI as configured, with OpenSSL even one with underscores such as Istio's {@code
 * outbound_.8080_._.host}),
 * and a connect future that completes only after the handshake, so a failed handshake is a connect
 * failure (Envoy's {@code UF}, retried as {@code connect-failure}).
 */
public final class UpstreamTls {

  private static final Logger log = LoggerFactory.getLogger(UpstreamTls.class);
  private static final java.util.Set<String> UNSENDABLE_SNI_LOGGED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static final io.netty.util.AttributeKey<String> PROBLEM =
      io.netty.util.AttributeKey.valueOf(UpstreamTls.class, "problem");

  private final Supplier<TlsContexts> contexts;
  private final TlsStats stats;

  public UpstreamTls(Supplier<TlsContexts> contexts, TlsStats stats) {
    this.contexts = contexts;
    this.stats = stats;
  }

  /** Adds the TLS handler for {@code key} to a new connection; nothing for plaintext. */
  public void addTo(Channel ch, UpstreamKey key) {
    UpstreamTlsConfig tls = key.tls();
    if (tls == null) {
      return;
    }
    TlsContexts now = contexts.get();
    SslContext context = now.client(tls);
    if (context == null) {
      ch.attr(PROBLEM).set(now.problem(tls)); // handshaken() fails the connect with it
      return;
    }
    ch.pipeline().addFirst("tls", new SslHandler(engine(context, tls.sni(), ch)));
  }

  /**
   * A client engine sending {@code sni}, without a peer host (so no session is ever resumed).
   * Netty hands an engine only SNI names that Java's {@link SNIHostName} takes (letter-digit-hyphen
   * labels); with OpenSSL the name is set on the native SSL directly, so Istio's {@code
   * outbound_.8080_._.host} is sent too. With the JDK's TLS it is not (see {@link #sniHostName}).
   */
  private static SSLEngine engine(SslContext context, String sni, Channel ch) {
    SSLEngine engine = context.newEngine(ch.alloc());
    if (!sni.isEmpty() && engine instanceof ReferenceCountedOpenSslEngine openSsl) {
      SSL.setTlsExtHostName(openSsl.sslPointer(), sni);
      return engine;
    }
    SNIHostName name = sniHostName(sni);
    if (name != null) {
      SSLParameters params = engine.getSSLParameters();
      params.setServerNames(List.of(name));
      engine.setSSLParameters(params);
    }
    return engine;
  }

  /**
   * The SNI to send with the JDK's TLS, or null: none configured, or one Java's {@link
   * SNIHostName} refuses: it takes only letter-digit-hyphen labels, so Istio's {@code
   * outbound_.8080_._.host} is not sent without OpenSSL; logged once per name at debug.
   */
  static @Nullable SNIHostName sniHostName(String sni) {
    if (sni.isEmpty()) {
      return null;
    }
    try {
      return new SNIHostName(sni.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      if (UNSENDABLE_SNI_LOGGED.add(sni)) {
        log.debug("Not sending SNI '{}': {}", sni, e.getMessage());
      }
      return null;
    }
  }

  /**
   * An upstream connection's TLS failed (handshake, or no context): a connect failure whose message
   * is Envoy's {@code upstream_transport_failure_reason}.
   */
  public static final class FailureException extends ConnectException {
    private static final long serialVersionUID = 1L;

    FailureException(String reason) {
      super(reason);
    }
  }

  /** {@code connect}, or for TLS a future that completes when the handshake did. */
  public ChannelFuture handshaken(ChannelFuture connect, UpstreamKey key) {
    UpstreamTlsConfig tls = key.tls();
    if (tls == null) {
      return connect;
    }
    Channel ch = connect.channel();
    ChannelPromise done = ch.newPromise();
    connect.addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        done.tryFailure(f.cause());
        return;
      }
      SslHandler handler = ch.pipeline().get(SslHandler.class);
      if (handler == null) {
        stats.connectionErrors("cluster", key.cluster()).increment();
        String problem = String.valueOf(ch.attr(PROBLEM).get());
        log.warn("Cluster {}: no TLS context for {}: {}", key.cluster(), key.authority(), problem);
        ch.close();
        done.tryFailure(new FailureException("TLS unavailable: " + problem));
        return;
      }
      handler.handshakeFuture().addListener(h -> {
        if (h.isSuccess()) {
          stats.handshakes("cluster", key.cluster()).increment();
          done.trySuccess();
        } else {
          stats.handshakeErrors("cluster", key.cluster()).increment();
          String reason = PeerRecorder.reason(h.cause());
          log.info("Cluster {}: TLS handshake with {} failed: {}", key.cluster(),
              key.authority(), reason);
          ch.close();
          done.tryFailure(new FailureException("TLS handshake failed: " + reason));
        }
      });
    });
    return done;
  }
}
