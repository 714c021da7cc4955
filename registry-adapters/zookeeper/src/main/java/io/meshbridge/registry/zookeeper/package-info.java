/**
 * A registry adapter that watches ZooKeeper, in Curator's service-discovery layout (Spring Cloud
 * Zookeeper, Dubbo 3 application discovery) or Dubbo's interface layout, and a registrar that puts
 * a VM workload there as an ephemeral node.
 */
@NullMarked
package io.meshbridge.registry.zookeeper;

import org.jspecify.annotations.NullMarked;
