package io.meshbridge.proxy.dataplane.rbac;

import io.meshbridge.proxy.dataplane.route.RequestView;
import io.meshbridge.proxy.dataplane.tls.DownstreamPeer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** Requests and connections for engine tests. */
final class RbacInputs {

  private RbacInputs() {}

  static RbacInput get(String target) {
    return request("GET", "orders.shop:8080", target, new DefaultHttpHeaders());
  }

  static RbacInput request(String method, String host, String target, HttpHeaders headers) {
    return new RbacInput(
        new RequestView(method, host, target, headers),
        new InetSocketAddress("127.0.0.2", 40000),
        new InetSocketAddress("127.0.0.1", 8080),
        null);
  }

  static RbacInput from(String remoteIp, @Nullable String uriSan) {
    return new RbacInput(
        new RequestView("GET", "h", "/", new DefaultHttpHeaders()),
        new InetSocketAddress(remoteIp, 40000),
        new InetSocketAddress("127.0.0.1", 8080),
        uriSan == null ? null : new DownstreamPeer(uriSan, "TLSv1.3"));
  }

  static RbacInput tcp(String remoteIp, String localIp, int localPort) {
    return new RbacInput(
        null, new InetSocketAddress(remoteIp, 40000), new InetSocketAddress(localIp, localPort),
        null);
  }
}
