package io.meshbridge.registry.zookeeper;

import java.util.Locale;

/** How services are laid out in ZooKeeper; chosen per adapter. */
public enum ZooKeeperLayout {
  /**
   * Curator service discovery: {@code <basePath>/<service>/<instance id>}, each node a JSON {@code
   * ServiceInstance} (Spring Cloud Zookeeper, Curator's {@code ServiceDiscovery}, Dubbo 3
   * application-level discovery).
   */
  CURATOR("/services"),
  /**
   * Dubbo's interface-level registry: {@code <basePath>/<interface>/providers/<URL-encoded
   * provider URL>}.
   */
  DUBBO("/dubbo");

  private final String defaultBasePath;

  ZooKeeperLayout(String defaultBasePath) {
    this.defaultBasePath = defaultBasePath;
  }

  /** {@code /services} for {@link #CURATOR}, {@code /dubbo} for {@link #DUBBO}. */
  public String defaultBasePath() {
    return defaultBasePath;
  }

  /**
   * Parses a layout name case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ZooKeeperLayout parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "layout: '" + value + "' (expected one of: CURATOR, DUBBO)", e);
    }
  }
}
