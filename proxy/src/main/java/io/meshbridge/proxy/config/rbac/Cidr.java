package io.meshbridge.proxy.config.rbac;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's {@code CidrRange}: an address prefix and its length. An IPv4 range never matches an
 * IPv6 address and the other way round, as Envoy. The JDK sees IPv4-mapped IPv6 peers as IPv4, so
 * an IPv4-mapped range of length 96 or more ({@code ::ffff:10.0.0.0/104}) is read as the IPv4
 * range it maps ({@code 10.0.0.0/8}).
 */
public final class Cidr {

  private final byte[] network;
  private final int prefixLen;
  private final String text;

  private Cidr(byte[] network, int prefixLen, String text) {
    this.network = network;
    this.prefixLen = prefixLen;
    this.text = text;
  }

  /**
   * The range {@code address/prefixLen}; the address's bits beyond the prefix are ignored.
   *
   * @throws IllegalArgumentException if {@code address} is not an IP literal or the length exceeds
   *     its bits
   */
  public static Cidr of(String address, int prefixLen) {
    requireNonNull(address, "address");
    byte[] bytes = literal(address);
    if (address.indexOf(':') >= 0 && bytes.length == 4) {
      // The JDK reads an IPv4-mapped literal (::ffff:a.b.c.d) as IPv4, and sees IPv4 peers as
      // IPv4 too: ::ffff:0:0/96 and longer ranges are the IPv4 range; shorter ones stay IPv6.
      if (prefixLen >= 96 && prefixLen <= 128) {
        return new Cidr(mask(bytes, prefixLen - 96), prefixLen - 96, address + "/" + prefixLen);
      }
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    int bits = bytes.length * 8;
    if (prefixLen < 0 || prefixLen > bits) {
      throw new IllegalArgumentException(
          "prefix_len: " + prefixLen + " (expected: 0.." + bits + " for " + address + ")");
    }
    byte[] network = mask(bytes, prefixLen);
    return new Cidr(network, prefixLen, address + "/" + prefixLen);
  }

  /** Whether {@code address} is in this range. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLen - i * 8));
      int m = (0xff << (8 - keep)) & 0xff;
      if ((a[i] & m) != (network[i] & m)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] mask(byte[] address, int prefixLen) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLen - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  /** The bytes of an IP literal, parsed without any name lookup. */
  private static byte[] literal(String s) {
    IllegalArgumentException bad =
        new IllegalArgumentException(
            "address_prefix: '" + s + "' (expected: an IPv4 or IPv6 literal)");
    if (s.indexOf(':') >= 0) {
      if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        throw bad;
      }
      try {
        return InetAddress.getByName(s).getAddress(); // with ':' the JDK never looks names up
      } catch (java.net.UnknownHostException e) {
        bad.initCause(e);
        throw bad;
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw bad;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
        throw bad;
      }
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Cidr c && c.prefixLen == prefixLen && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLen;
  }

  @Override
  public String toString() {
    return text;
  }
}
