package io.meshbridge.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how a {@link ZooKeeperRegistry} or {@link ZooKeeperRegistrar} talks to ZooKeeper.
 *
 * @param id the adapter's id, a lowercase DNS label unique within a pilot (e.g. {@code zk-east})
 * @param connectString ZooKeeper's {@code host:port[,host:port...][/chroot]}
 * @param layout how services are laid out
 * @param basePath the znode under which the layout starts; default {@link
 *     ZooKeeperLayout#defaultBasePath()}
 * @param namespace the mesh namespace the services read are put in (the registrar does not use
 *     it); default {@value #DEFAULT_NAMESPACE}
 * @param sessionTimeout ZooKeeper session timeout; default 60 s (Curator's); the server may
 *     negotiate it into its own min..max range
 * @param connectionTimeout how long one connection attempt may take; default 15 s (Curator's)
 */
public record ZooKeeperConfig(
    String id,
    String connectString,
    ZooKeeperLayout layout,
    String basePath,
    String namespace,
    Duration sessionTimeout,
    Duration connectionTimeout) {

  public static final String DEFAULT_NAMESPACE = "default";
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(15);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern ZNODE_PATH = Pattern.compile("(/[^/\\s]+)+");

  public ZooKeeperConfig {
    requireNonNull(id, "id");
    requireNonNull(connectString, "connectString");
    requireNonNull(layout, "layout");
    requireNonNull(basePath, "basePath");
    requireNonNull(namespace, "namespace");
    requireNonNull(sessionTimeout, "sessionTimeout");
    requireNonNull(connectionTimeout, "connectionTimeout");
    if (!DNS_LABEL.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "id: '" + id + "' (expected: a lowercase DNS label, e.g. zk-east)");
    }
    if (connectString.isBlank()) {
      throw new IllegalArgumentException(
          "connectString: '' (expected: host:port[,host:port...], e.g. 127.0.0.1:2181)");
    }
    if (!ZNODE_PATH.matcher(basePath).matches()) {
      throw new IllegalArgumentException(
          "basePath: '" + basePath + "' (expected: an absolute znode path without a trailing"
              + " slash, e.g. " + layout.defaultBasePath() + ")");
    }
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace: '" + namespace + "' (expected: a lowercase DNS label, e.g. default)");
    }
    checkTimeout("sessionTimeout", sessionTimeout);
    checkTimeout("connectionTimeout", connectionTimeout);
  }

  /** The defaults for {@code layout}: its default base path, namespace and timeouts. */
  public static ZooKeeperConfig of(String id, String connectString, ZooKeeperLayout layout) {
    requireNonNull(layout, "layout");
    return new ZooKeeperConfig(id, connectString, layout, layout.defaultBasePath(),
        DEFAULT_NAMESPACE, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
  }

  public ZooKeeperConfig withBasePath(String newBasePath) {
    return new ZooKeeperConfig(id, connectString, layout, newBasePath, namespace, sessionTimeout,
        connectionTimeout);
  }

  public ZooKeeperConfig withNamespace(String newNamespace) {
    return new ZooKeeperConfig(id, connectString, layout, basePath, newNamespace, sessionTimeout,
        connectionTimeout);
  }

  public ZooKeeperConfig withTimeouts(Duration newSessionTimeout, Duration newConnectionTimeout) {
    return new ZooKeeperConfig(id, connectString, layout, basePath, namespace, newSessionTimeout,
        newConnectionTimeout);
  }

  private static void checkTimeout(String field, Duration value) {
    if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: 100ms to 1h)");
    }
  }
}
