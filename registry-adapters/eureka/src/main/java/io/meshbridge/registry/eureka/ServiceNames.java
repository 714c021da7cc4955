package io.meshbridge.registry.eureka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Eureka VIP address (or application name) into a mesh service name, a DNS label: lower
 * case; every run of characters other than {@code a-z} and {@code 0-9} becomes one {@code -};
 * leading and trailing {@code -} are dropped; cut to 63 characters. {@code ORDERS} gives {@code
 * orders}, {@code orders.shop.example.com} gives {@code orders-shop-example-com}, {@code my_app:v2}
 * gives {@code my-app-v2}.
 */
final class ServiceNames {

  static final int MAX_LENGTH = 63;

  /** The service name for one VIP address or application name; empty if nothing is left. */
  static String sanitize(String name) {
    String label =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (label.length() > MAX_LENGTH) {
      label = label.substring(0, MAX_LENGTH).replaceAll("-+$", "");
    }
    return label;
  }

  /**
   * The service names of an instance: one per entry of its comma-separated {@code vipAddress}, or,
   * when that gives none, its application name's; empty if neither gives a name.
   */
  static List<String> of(String vipAddress, String appName) {
    List<String> names = new ArrayList<>();
    for (String vip : vipAddress.split(",")) {
      String name = sanitize(vip);
      if (!name.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      String name = sanitize(appName);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private ServiceNames() {}
}
