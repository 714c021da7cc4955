package io.meshbridge.proxy.dataplane.tls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * What a downstream connection proved about its peer: set on the accepted channel once its TLS
 * handshake completes (never for plaintext), read by the RBAC filters and the access log.
 *
 * @param uriSan the first URI subject alternative name of the peer's certificate (a SPIFFE id such
 *     as {@code spiffe://cluster.local/ns/shop/sa/orders}), or {@code null} when the peer sent no
 *     certificate or it has no URI SAN
 * @param tlsVersion the negotiated protocol, e.g. {@code TLSv1.3}
 * @param localUriSan the first URI SAN of the certificate this proxy presented (XFCC {@code By})
 * @param certificateSha256 hex SHA-256 of the peer's certificate (XFCC {@code Hash}), or null
 */
public record DownstreamPeer(
    @Nullable String uriSan, String tlsVersion, @Nullable String localUriSan,
    @Nullable String certificateSha256) {

  /** A peer without the details XFCC needs. */
  public DownstreamPeer(@Nullable String uriSan, String tlsVersion) {
    this(uriSan, tlsVersion, null, null);
  }

  private static final AttributeKey<DownstreamPeer> KEY =
      AttributeKey.valueOf(DownstreamPeer.class, "downstreamPeer");

  public DownstreamPeer {
    java.util.Objects.requireNonNull(tlsVersion, "tlsVersion");
  }

  /** The peer of {@code channel} (a downstream connection or an HTTP/2 stream of one), or null. */
  public static @Nullable DownstreamPeer of(Channel channel) {
    Channel connection = channel.parent() != null && !(channel.parent() instanceof io.netty.channel.ServerChannel)
        ? channel.parent()
        : channel;
    return connection.attr(KEY).get();
  }

  /** Records {@code peer} on the downstream connection {@code channel}. */
  public static void set(Channel channel, DownstreamPeer peer) {
    channel.attr(KEY).set(peer);
  }
}
