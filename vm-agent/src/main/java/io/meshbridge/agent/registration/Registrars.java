package io.meshbridge.agent.registration;

import io.meshbridge.agent.config.AgentConfig;
import io.meshbridge.agent.config.RegistrationConfig;
import io.meshbridge.agent.config.ServiceConfig;
import io.meshbridge.model.ServicePort;
import io.meshbridge.model.WorkloadInstance;
import io.meshbridge.model.WorkloadRegistrar;
import io.meshbridge.registry.consul.ConsulRegistrar;
import io.meshbridge.registry.eureka.EurekaRegistrar;
import io.meshbridge.registry.zookeeper.ZooKeeperRegistrar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the {@link WorkloadRegistrar} that {@code registration.type} names. */
public final class Registrars {

  /** The registrar, or empty for {@code type: none}; nothing is contacted yet. */
  public static Optional<WorkloadRegistrar> of(RegistrationConfig config) {
    return of(config, "");
  }

  /**
   * The registrar, or empty for {@code type: none}; nothing is contacted yet.
   *
   * @param namespace the service's namespace, where {@code type: pilot}'s WorkloadGroup is
   */
  public static Optional<WorkloadRegistrar> of(RegistrationConfig config, String namespace) {
    return switch (config.type()) {
      case NONE -> Optional.empty();
      case CONSUL -> {
        RegistrationConfig.Consul c = java.util.Objects.requireNonNull(config.consul());
        yield Optional.of(
            ConsulRegistrar.builder()
                .address(c.address())
                .token(c.token())
                .ttl(c.ttl())
                .deregisterCriticalServiceAfter(c.deregisterCriticalServiceAfter())
                .build());
      }
      case EUREKA -> Optional.of(new EurekaRegistrar(java.util.Objects.requireNonNull(config.eureka())));
      case ZOOKEEPER ->
          Optional.of(new ZooKeeperRegistrar(java.util.Objects.requireNonNull(config.zookeeper())));
      case PILOT -> Optional.of(
          new PilotRegistrar(namespace, java.util.Objects.requireNonNull(config.pilot()).group()));
    };
  }

  /** Istio's endpoint label for auto mTLS: the endpoint's proxy accepts mesh mTLS. */
  public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";

  /**
   * The workload as registries see it: the mesh-facing ports, at the VM's address, with the
   * service's labels; with {@code pilot.ca} (the proxy holds a mesh certificate, so its inbound
   * listeners accept mTLS) also {@code security.istio.io/tlsMode: istio} unless the labels set it,
   * so that other proxies' auto mTLS applies to this VM.
   */
  public static WorkloadInstance instance(AgentConfig config) {
    ServiceConfig s = config.service();
    List<ServicePort> ports = s.ports().stream().map(p -> p.servicePort()).toList();
    Map<String, String> labels = new TreeMap<>(s.labels());
    if (config.pilot().identity() != null) {
      labels.putIfAbsent(TLS_MODE_LABEL, "istio");
    }
    return new WorkloadInstance(s.key(), s.instanceId(), s.address(), ports, labels,
        s.locality());
  }

  private Registrars() {}
}
