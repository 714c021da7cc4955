package io.meshbridge.pilot.policy;

import com.google.common.net.InetAddresses;
import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax checks for addresses and host names; nothing is resolved. */
final class Addresses {

  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  static boolean isIp(String s) {
    return InetAddresses.isInetAddress(s);
  }

  static boolean isDnsName(String s) {
    return DNS_NAME.matcher(s).matches();
  }

  /** A host name as Istio writes it in ServiceEntry {@code hosts}: lowercased, no wildcard. */
  static String host(Field f) {
    String host = f.text().toLowerCase(Locale.ROOT);
    if (host.contains("*")) {
      throw f.error("'" + host + "': wildcard hosts are not supported");
    }
    if (!isDnsName(host)) {
      throw f.error("'" + host + "' (expected: a DNS name, e.g. api.example.com)");
    }
    return host;
  }

  /** An IP, or a CIDR block such as {@code 10.0.0.0/16}. */
  static String ipOrCidr(Field f) {
    String text = f.text();
    int slash = text.indexOf('/');
    String ip = slash < 0 ? text : text.substring(0, slash);
    boolean ok = isIp(ip);
    if (ok && slash >= 0) {
      int max = ip.contains(":") ? 128 : 32;
      String bits = text.substring(slash + 1);
      ok = bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= max;
    }
    if (!ok) {
      throw f.error("'" + text + "' (expected: an IP address or CIDR block, e.g. 10.0.0.0/16)");
    }
    return text;
  }

  private Addresses() {}
}
