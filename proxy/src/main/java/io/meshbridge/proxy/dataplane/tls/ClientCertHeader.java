package io.meshbridge.proxy.dataplane.tls;

import io.meshbridge.proxy.config.DownstreamTransport;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's {@code x-forwarded-client-cert} handling: SANITIZE (the default) removes what the client
 * sent; SANITIZE_SET with {@code uri: true} replaces it, for a TLS peer with a certificate, by
 * {@code By=<own URI SAN>;Hash=<sha256 of the peer certificate>;URI=<peer URI SAN>}.
 */
public final class ClientCertHeader {

  public static final AsciiString XFCC = AsciiString.cached("x-forwarded-client-cert");

  private ClientCertHeader() {}

  public static void apply(
      HttpHeaders headers, DownstreamTransport transport, @Nullable DownstreamPeer peer) {
    headers.remove(XFCC);
    if (!transport.forwardClientCertUri() || peer == null || peer.certificateSha256() == null) {
      return;
    }
    StringJoiner value = new StringJoiner(";");
    if (peer.localUriSan() != null) {
      value.add("By=" + peer.localUriSan());
    }
    value.add("Hash=" + peer.certificateSha256());
    if (peer.uriSan() != null) {
      value.add("URI=" + peer.uriSan());
    }
    headers.set(XFCC, value.toString());
  }
}
