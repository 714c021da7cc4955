package io.meshbridge.proxy.dataplane.rbac;

import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * What RBAC reads of a request or connection.
 *
 * @param request the HTTP request, or null for a TCP connection (header and path matchers then
 *     see no headers and no path, as Envoy's network filter)
 * @param remote the downstream peer's address, or null when it is not an IP socket
 * @param local the address the connection was accepted on, or null when it is not an IP socket
 * @param peer what TLS proved about the peer, or null for plaintext
 */
public record RbacInput(
    @Nullable RequestView request,
    @Nullable InetSocketAddress remote,
    @Nullable InetSocketAddress local,
    @Nullable DownstreamPeer peer) {

  /** The input for {@code request} (null for TCP) on a connection with these addresses. */
  public static RbacInput of(
      @Nullable RequestView request,
      @Nullable SocketAddress remote,
      @Nullable SocketAddress local,
      @Nullable DownstreamPeer peer) {
    return new RbacInput(request, inet(remote), inet(local), peer);
  }

  private static @Nullable InetSocketAddress inet(@Nullable SocketAddress a) {
    return a instanceof InetSocketAddress i && i.getAddress() != null ? i : null;
  }
}
