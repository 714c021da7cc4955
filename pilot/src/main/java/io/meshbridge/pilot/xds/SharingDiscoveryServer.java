package io.meshbridge.pilot.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.ExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.util.List;

/**
 * java-control-plane's v3 server, with every resource packed once ({@link PackOnceSerializer}) and
 * every delta {@link Resource} wrapper built once, for all the streams that get it.
 *
 * <p>Both are kept in their serialized form (parsed back from their bytes), so that writing them
 * into each stream's response copies bytes instead of encoding the same names, versions and type
 * URLs to UTF-8 again for every stream: with 2000 delta streams that encoding was a fifth of
 * pilot's CPU under endpoint churn (see BENCHMARKS.md).
 */
final class SharingDiscoveryServer extends V3DiscoveryServer {

  /** Keyed by the (shared, packed-once) Any: weak and by identity, like the packing. */
  private final Cache<Any, Shared> resources = CacheBuilder.newBuilder().weakKeys().build();

  /**
   * A shared wrapper with its name and version as strings: reading them from the wrapper would turn
   * its fields back into strings, to be encoded again.
   */
  private record Shared(String name, String version, Resource resource) {}

  /**
   * @param streams each stream's executor, which sends its responses ({@link StreamExecutors})
   */
  SharingDiscoveryServer(
      List<DiscoveryServerCallbacks> callbacks, ConfigWatcher watcher, ExecutorGroup streams) {
    super(callbacks, watcher, streams, new PackOnceSerializer());
  }

  @Override
  protected Resource makeResource(String name, String version, Any resource) {
    return resource(name, version, resource);
  }

  /** The delta wrapper of {@code resource}, shared while the same name and version ask for it. */
  Resource resource(String name, String version, Any resource) {
    Shared cached = resources.getIfPresent(resource);
    if (cached != null && cached.name().equals(name) && cached.version().equals(version)) {
      return cached.resource();
    }
    Resource built =
        serializedForm(
            Resource.newBuilder().setName(name).setVersion(version).setResource(resource).build());
    resources.put(resource, new Shared(name, version, built));
    return built;
  }

  /** The same message parsed back from its bytes: its strings are then held as bytes. */
  static Resource serializedForm(Resource resource) {
    try {
      return Resource.parseFrom(resource.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("resource " + resource.getName() + " does not parse back", e);
    }
  }
}
