package io.meshbridge.proxy.bootstrap;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A host (IP literal or DNS name) and a port.
 *
 * @param host an IP literal or a host name, never empty
 * @param port 0..65535 (0 only makes sense for an address to bind)
 */
public record HostPort(String host, int port) {

  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);

  public HostPort {
    requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host: '' (expected: an IP literal or a host name)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal; never does a DNS lookup. */
  public static boolean isIpLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      return true;
    }
    // InetAddress parses (and never looks up) a string with a ':' that starts like an IPv6 literal.
    if (host.isEmpty()
        || host.indexOf(':') < 0
        || (Character.digit(host.charAt(0), 16) < 0 && host.charAt(0) != ':')) {
      return false;
    }
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException notAnIpv6Literal) {
      return false;
    }
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
