package io.meshbridge.registry.eureka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Checks that a string is an IP address literal, without ever asking DNS. */
final class IpAddresses {

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  static boolean isLiteral(String address) {
    if (IPV4.matcher(address).matches()) {
      return true;
    }
    if (!address.contains(":") || !IPV6_CHARS.matcher(address).matches()) {
      return false;
    }
    try {
      // With a ':' in it, the JDK parses an IPv6 literal and never resolves a name.
      InetAddress.getByName(address);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private IpAddresses() {}
}
