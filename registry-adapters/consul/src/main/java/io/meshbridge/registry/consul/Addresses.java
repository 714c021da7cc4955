package io.meshbridge.registry.consul;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Checks that an address from Consul is an IP literal or a host name, without DNS lookups. */
final class Addresses {

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final String LABEL = "[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?";
  private static final Pattern HOST_NAME =
      Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*\\.?");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  static boolean isValid(String address) {
    if (DIGITS_AND_DOTS.matcher(address).matches()) {
      return IPV4.matcher(address).matches();
    }
    if (address.indexOf(':') >= 0) {
      if (!IPV6_CHARS.matcher(address).matches()) {
        return false;
      }
      try {
        // A string with ':' is only ever parsed as an IPv6 literal: no name lookup happens.
        InetAddress.getByName(address);
        return true;
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return HOST_NAME.matcher(address).matches();
  }

  private Addresses() {}
}
