package io.meshbridge.proxy.dataplane.snapshot;

import io.meshbridge.proxy.config.ListenerConfig;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The original destination of a downstream connection that the kernel delivered to a listener
 * with {@code envoy.filters.listener.original_dst} (TPROXY keeps it as the accepted socket's local
 * address), and which listener owns that address ({@code use_original_dst}). Pure, except for the
 * channel attribute.
 */
public final class CapturedDestination {

  private static final AttributeKey<InetSocketAddress> KEY =
      AttributeKey.valueOf(CapturedDestination.class, "originalDst");

  private CapturedDestination() {}

  /**
   * The original destination of a connection whose local address is {@code local}, accepted by a
   * socket bound to {@code bound}: {@code local}, unless it is the listener's own address (the
   * same port, on the bound IP or any IP of a wildcard bind): then the connection was not
   * captured, and has none (Envoy's blackhole chain for the listener's own port, without the
   * loop).
   */
  public static @Nullable InetSocketAddress of(InetSocketAddress local, InetSocketAddress bound) {
    if (local.getAddress() == null || bound.getAddress() == null) {
      return null;
    }
    boolean ownPort = local.getPort() == bound.getPort();
    if (ownPort
        && (bound.getAddress().isAnyLocalAddress()
            || bound.getAddress().equals(local.getAddress()))) {
      return null;
    }
    return local;
  }

  /** Records {@code ch}'s original destination. */
  public static void set(Channel ch, InetSocketAddress destination) {
    ch.attr(KEY).set(destination);
  }

  /** {@code ch}'s original destination, or null when it was not captured. */
  public static @Nullable InetSocketAddress get(Channel ch) {
    return ch.hasAttr(KEY) ? ch.attr(KEY).get() : null;
  }

  /**
   * The listener {@code destination} belongs to, as Envoy's {@code use_original_dst} hands off: the
   * one bound to exactly that {@code ip:port}, else one on a wildcard address with that port; null
   * when none (the accepting listener keeps the connection). {@code except} is never chosen.
   */
  public static @Nullable ListenerConfig owner(
      Collection<ListenerConfig> listeners, InetSocketAddress destination, String except) {
    byte[] ip = destination.getAddress() == null ? null : destination.getAddress().getAddress();
    if (ip == null) {
      return null;
    }
    ListenerConfig wildcard = null;
    for (ListenerConfig l : listeners) {
      if (l.port() != destination.getPort() || l.name().equals(except)) {
        continue;
      }
      byte[] host = NetUtil.createByteArrayFromIpAddressString(l.host());
      if (host == null) {
        continue;
      }
      if (Arrays.equals(host, ip)) {
        return l;
      }
      if (wildcard == null && isAny(host) && host.length == ip.length) {
        wildcard = l;
      }
    }
    return wildcard;
  }

  private static boolean isAny(byte[] address) {
    for (byte b : address) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
