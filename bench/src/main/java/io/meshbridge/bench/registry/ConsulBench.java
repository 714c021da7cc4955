package io.meshbridge.bench.registry;

import io.meshbridge.testing.consul.CheckStatus;
import io.meshbridge.testing.consul.ConsulSimulator;
import io.meshbridge.testing.consul.ServiceInstance;
import org.jspecify.annotations.Nullable;

/**
 * Consul: the project's Consul <em>simulator</em> ({@code registry-adapters/consul-simulator},
 * in the harness JVM), not a Consul binary. It follows Consul's documented HTTP API, blocking
 * queries included; what a real Consul costs beyond that (raft, gossip, anti-entropy) is not in
 * these figures. Instances are registered with a passing check through the simulator's API, as
 * another agent's sync would; a change registers or deregisters one.
 */
final class ConsulBench implements BenchRegistry {

  private static final String DC = "dc1";
  private @Nullable ConsulSimulator consul;

  @Override
  public String description() {
    return "Consul SIMULATOR (registry-adapters/consul-simulator, in the harness JVM)";
  }

  @Override
  public void start() {
    consul = ConsulSimulator.start();
  }

  @Override
  public void populate(Shape shape) {
    for (int s = 0; s < shape.services(); s++) {
      for (int i = 0; i < shape.instances(); i++) {
        consul().register(DC, instance(s, i), CheckStatus.PASSING);
      }
    }
  }

  @Override
  public String pilotYaml() {
    return "  - type: consul\n    id: consul\n    address: " + consul().address() + "\n";
  }

  @Override
  public void addExtra(Shape shape, int service) {
    consul().register(DC, instance(service, Shape.EXTRA), CheckStatus.PASSING);
  }

  @Override
  public void removeExtra(Shape shape, int service) {
    consul().deregister(DC, Shape.instanceId(service, Shape.EXTRA));
  }

  private static ServiceInstance instance(int service, int instance) {
    return ServiceInstance.of(
        Shape.instanceId(service, instance),
        Shape.service(service),
        Shape.address(service, instance),
        Shape.PORT);
  }

  private ConsulSimulator consul() {
    if (consul == null) {
      throw new IllegalStateException("consul simulator: not started");
    }
    return consul;
  }

  @Override
  public void close() {
    if (consul != null) {
      consul.close();
    }
  }
}
