package io.meshbridge.registry.consul;

import java.util.List;
import java.util.Map;
import org.kiwiproject.consul.model.catalog.ImmutableServiceWeights;
import org.kiwiproject.consul.model.health.ImmutableNode;
import org.kiwiproject.consul.model.health.ImmutableService;
import org.kiwiproject.consul.model.health.ServiceHealth;

/** Builds consul-client health entries for unit tests. */
final class Entries {

  static ServiceHealth entry(String id, String name, String address, int port) {
    return entry(id, name, address, port, List.of(), Map.of(), 1);
  }

  static ServiceHealth entry(
      String id,
      String name,
      String address,
      int port,
      List<String> tags,
      Map<String, String> meta,
      int weight) {
    return org.kiwiproject.consul.model.health.ImmutableServiceHealth.builder()
        .node(
            ImmutableNode.builder()
                .node("node-" + id)
                .address("192.168.0.1")
                .datacenter("dc1")
                .build())
        .service(
            ImmutableService.builder()
                .id(id)
                .service(name)
                .address(address)
                .port(port)
                .tags(tags)
                .meta(meta)
                .weights(ImmutableServiceWeights.builder().passing(weight).warning(1).build())
                .build())
        .build();
  }

  private Entries() {}
}
