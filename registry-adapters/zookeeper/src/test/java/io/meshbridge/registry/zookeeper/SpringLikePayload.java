package io.meshbridge.registry.zookeeper;

import java.util.Map;

/**
 * A payload shaped like Spring Cloud Zookeeper's {@code ZookeeperInstance}, for Curator's own
 * {@code ServiceDiscovery} to write in tests (it records this class's name in {@code @class}).
 */
public final class SpringLikePayload {
  public String id = "";
  public String name = "";
  public Map<String, String> metadata = Map.of();

  public SpringLikePayload() {}

  SpringLikePayload(String name, Map<String, String> metadata) {
    this.id = name;
    this.name = name;
    this.metadata = metadata;
  }
}
