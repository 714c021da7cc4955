package io.meshbridge.registry.zookeeper;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.jspecify.annotations.Nullable;

/**
 * Where instances live under the base path, for one layout, and how to read them. Reads are
 * synchronous: they run on the registry's own thread, never on ZooKeeper's.
 *
 * <ul>
 *   <li>{@link ZooKeeperLayout#CURATOR}: {@code <base>/<service>/<id>}, the data is the instance.
 *   <li>{@link ZooKeeperLayout#DUBBO}: {@code <base>/<interface>/providers/<url>}, the name is the
 *       instance (consumers, routers and configurators are not read).
 * </ul>
 */
final class ZnodeTree {

  private static final String PROVIDERS = "providers";

  private final ZooKeeperLayout layout;
  private final String basePath;

  ZnodeTree(ZooKeeperLayout layout, String basePath) {
    this.layout = layout;
    this.basePath = basePath;
  }

  /** Whether {@code path} is where an instance lives in this layout. */
  boolean isInstance(String path) {
    List<String> segments = segments(path);
    return switch (layout) {
      case CURATOR -> segments.size() == 2;
      case DUBBO -> segments.size() == 3 && segments.get(1).equals(PROVIDERS);
    };
  }

  /** Whether {@code path} is the base path or below it. */
  boolean contains(String path) {
    return path.equals(basePath) || path.startsWith(basePath + "/");
  }

  /**
   * Every instance under the base path, by path; an absent base path holds none.
   *
   * @throws KeeperException if ZooKeeper cannot be read (connection loss, ...)
   */
  Map<String, ParsedNode> readAll(CuratorFramework client) throws Exception {
    Map<String, ParsedNode> nodes = new TreeMap<>();
    for (String service : children(client, basePath)) {
      String servicePath = ZKPaths.makePath(basePath, service);
      String parent = layout == ZooKeeperLayout.DUBBO
          ? ZKPaths.makePath(servicePath, PROVIDERS)
          : servicePath;
      for (String child : children(client, parent)) {
        String path = ZKPaths.makePath(parent, child);
        ParsedNode node = read(client, path);
        if (node != null) {
          nodes.put(path, node);
        }
      }
    }
    return nodes;
  }

  /**
   * The instance at {@code path} as it is now, or null if the node is gone.
   *
   * @throws KeeperException if ZooKeeper cannot be read
   */
  @Nullable ParsedNode read(CuratorFramework client, String path) throws Exception {
    if (layout == ZooKeeperLayout.DUBBO) {
      // The URL is the node's name: nothing to read, and a deletion arrives as its own event.
      return parse(path, new byte[0]);
    }
    try {
      byte[] data = client.getData().forPath(path);
      return parse(path, data == null ? new byte[0] : data);
    } catch (KeeperException.NoNodeException gone) {
      return null;
    }
  }

  /** Parses what an instance znode holds. */
  ParsedNode parse(String path, byte[] data) {
    List<String> segments = segments(path);
    try {
      return ParsedNode.of(switch (layout) {
        case CURATOR -> CuratorInstanceParser.parse(path, segments.get(0), data);
        case DUBBO -> DubboProviderParser.parse(path, segments.get(0), segments.get(2));
      });
    } catch (InvalidInstanceException e) {
      return ParsedNode.of(e, path);
    }
  }

  private List<String> segments(String path) {
    if (!path.startsWith(basePath + "/")) {
      return List.of();
    }
    return List.of(path.substring(basePath.length() + 1).split("/", -1));
  }

  private static List<String> children(CuratorFramework client, String path) throws Exception {
    try {
      return client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException absent) {
      return List.of();
    }
  }
}
