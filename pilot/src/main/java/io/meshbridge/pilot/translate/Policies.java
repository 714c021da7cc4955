package io.meshbridge.pilot.translate;

import io.meshbridge.model.MeshModel;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.pilot.policy.DestinationRule;
import io.meshbridge.pilot.policy.HostIndex;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.VirtualService;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The policies that apply to the model's services, by service key. */
final class Policies {

  final HostIndex hosts;
  private final Map<ServiceKey, DestinationRule> rules = new HashMap<>();
  private final Map<ServiceKey, VirtualService> virtualServices = new HashMap<>();

  Policies(MeshModel model, PolicySet policies) {
    this.hosts = HostIndex.of(model);
    PolicySet resolved = policies.against(model);
    for (DestinationRule dr : resolved.destinationRules()) {
      hosts.find(dr.host()).ifPresent(key -> rules.putIfAbsent(key, dr));
    }
    for (VirtualService vs : resolved.virtualServices()) {
      for (String host : vs.hosts()) {
        hosts.find(host).ifPresent(key -> virtualServices.putIfAbsent(key, vs));
      }
    }
  }

  @Nullable DestinationRule rule(ServiceKey key) {
    return rules.get(key);
  }

  Optional<VirtualService> virtualService(ServiceKey key) {
    return Optional.ofNullable(virtualServices.get(key));
  }
}
