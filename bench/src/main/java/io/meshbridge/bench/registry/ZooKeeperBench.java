package io.meshbridge.bench.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.jspecify.annotations.Nullable;

/**
 * ZooKeeper (curator-test's {@code TestingServer}, a real ZooKeeper server in this JVM) in the
 * Curator service discovery layout: {@code /services/<service>/<instance id>} holding the JSON
 * Curator's {@code JsonInstanceSerializer} writes. Instances are written one transaction per
 * service; a change creates or deletes one instance znode.
 */
final class ZooKeeperBench implements BenchRegistry {

  private @Nullable TestingServer server;
  private @Nullable CuratorFramework client;

  @Override
  public String description() {
    return "ZooKeeper (curator-test TestingServer, in the harness JVM), Curator x-discovery layout";
  }

  @Override
  public void start() {
    try {
      server = new TestingServer(-1, true);
    } catch (Exception e) {
      throw new IllegalStateException("starting ZooKeeper's TestingServer", e);
    }
    client =
        CuratorFrameworkFactory.newClient(
            server.getConnectString(), 60_000, 15_000, new RetryOneTime(100));
    client.start();
  }

  @Override
  public void populate(Shape shape) {
    CuratorFramework c = client();
    try {
      c.create().forPath("/services");
      for (int s = 0; s < shape.services(); s++) {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(c.transactionOp().create().forPath(path(s)));
        for (int i = 0; i < shape.instances(); i++) {
          ops.add(c.transactionOp().create().forPath(path(s, i), json(s, i)));
        }
        c.transaction().forOperations(ops);
      }
    } catch (Exception e) {
      throw new IllegalStateException("populating ZooKeeper", e);
    }
  }

  @Override
  public String pilotYaml() {
    return "  - type: zookeeper\n    id: zk\n    layout: CURATOR\n    connectString: "
        + server().getConnectString()
        + "\n";
  }

  @Override
  public void addExtra(Shape shape, int service) {
    try {
      client().create().forPath(path(service, Shape.EXTRA), json(service, Shape.EXTRA));
    } catch (Exception e) {
      throw new IllegalStateException("creating " + path(service, Shape.EXTRA), e);
    }
  }

  @Override
  public void removeExtra(Shape shape, int service) {
    try {
      client().delete().forPath(path(service, Shape.EXTRA));
    } catch (Exception e) {
      throw new IllegalStateException("deleting " + path(service, Shape.EXTRA), e);
    }
  }

  private static String path(int service) {
    return "/services/" + Shape.service(service);
  }

  private static String path(int service, int instance) {
    return path(service) + "/" + Shape.instanceId(service, instance);
  }

  /** A Curator {@code ServiceInstance<Void>} as {@code JsonInstanceSerializer} writes it. */
  private static byte[] json(int service, int instance) {
    return ("{\"name\":\""
            + Shape.service(service)
            + "\",\"id\":\""
            + Shape.instanceId(service, instance)
            + "\",\"address\":\""
            + Shape.address(service, instance)
            + "\",\"port\":"
            + Shape.PORT
            + ",\"sslPort\":null,\"payload\":null,\"registrationTimeUTC\":"
            + System.currentTimeMillis()
            + ",\"serviceType\":\"DYNAMIC\",\"uriSpec\":null}")
        .getBytes(UTF_8);
  }

  private CuratorFramework client() {
    if (client == null) {
      throw new IllegalStateException("ZooKeeper: not started");
    }
    return client;
  }

  private TestingServer server() {
    if (server == null) {
      throw new IllegalStateException("ZooKeeper: not started");
    }
    return server;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      try {
        server.close();
      } catch (java.io.IOException e) {
        System.err.println("closing ZooKeeper's TestingServer: " + e);
      }
    }
  }
}
