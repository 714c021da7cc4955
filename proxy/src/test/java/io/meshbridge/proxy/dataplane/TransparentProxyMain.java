package io.meshbridge.proxy.dataplane;

import io.meshbridge.proxy.stats.StatsRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The TPROXY test proxy as its own process, for {@link TproxyNamespaceIT} to start inside a network
 * namespace: {@code <http> <tcp> <virtual> <handoff> <backend ip> <backend port>}. Prints {@code
 * ready} (or {@code errors: ...}), then runs until its stdin closes.
 */
public final class TransparentProxyMain {

  private TransparentProxyMain() {}

  public static void main(String[] args)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    TransparentConfigs.Ports ports = new TransparentConfigs.Ports(
        Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]));
    try (NettyDataPlane proxy = new NettyDataPlane(
        new StatsRegistry(), DataPlaneOptions.DEFAULTS.withWorkerThreads(1))) {
      Map<String, String> errors = proxy.apply(TransparentConfigs.proxy(
          "0.0.0.0", ports, args[4], Integer.parseInt(args[5]))).get(30, TimeUnit.SECONDS);
      System.out.println(errors.isEmpty()
          ? "ready " + proxy.transportName()
          : "errors: " + errors);
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the test closes our stdin
      }
    }
  }
}
