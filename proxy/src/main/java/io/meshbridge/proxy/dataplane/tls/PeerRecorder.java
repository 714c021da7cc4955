package io.meshbridge.proxy.dataplane.tls;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind a downstream TLS handler: a failed handshake is counted and logged with its reason, and
 * what follows it absorbed; after a successful one it steps aside (the {@link DownstreamPeer} is
 * set by {@link DownstreamTls#terminate}'s handshake listener, before any data is read).
 */
final class PeerRecorder extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(PeerRecorder.class);

  private final TlsStats stats;
  private final String statPrefix;
  private boolean failed;

  PeerRecorder(TlsStats stats, String statPrefix) {
    this.stats = requireNonNull(stats, "stats");
    this.statPrefix = requireNonNull(statPrefix, "statPrefix");
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        ctx.pipeline().remove(this);
      } else {
        failed = true; // stay, to absorb the decoder's copy of this failure
        stats.handshakeErrors("listener", statPrefix).increment();
        log.info("Listener {}: TLS handshake with {} failed: {}", statPrefix,
            ctx.channel().remoteAddress(), reason(done.cause()));
        ctx.close();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (failed) {
      log.debug("Listener {}: after the failed handshake: {}", statPrefix, cause.toString());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  static DownstreamPeer peer(SSLSession session) {
    @Nullable X509Certificate leaf = null;
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
        leaf = x;
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate (allowed when not required)
    }
    Certificate[] local = session.getLocalCertificates();
    String localUri = local != null && local.length > 0 && local[0] instanceof X509Certificate x
        ? SanVerifyingTrustManager.uriSan(x)
        : null;
    return new DownstreamPeer(leaf == null ? null : SanVerifyingTrustManager.uriSan(leaf),
        session.getProtocol(), localUri, leaf == null ? null : sha256(leaf));
  }

  /** The innermost cause's message: "PKIX path validation failed", "peer certificate SANs ...". */
  static String reason(Throwable cause) {
    Throwable t = cause;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == cause ? cause.toString() : cause.getClass().getSimpleName() + ": " + t;
  }

  private static @Nullable String sha256(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      log.debug("cannot hash the peer certificate", e);
      return null;
    }
  }
}
