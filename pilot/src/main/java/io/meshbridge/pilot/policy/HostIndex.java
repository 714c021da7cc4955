package io.meshbridge.pilot.policy;

import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which service a normalized host names: its mesh host name ({@code name.namespace.mesh}) or one
 * of {@link Service#hostnames()}; the first service in key order keeps a name claimed twice.
 */
public final class HostIndex {

  private final Map<String, ServiceKey> byHost = new HashMap<>();

  private HostIndex(MeshModel model) {
    for (Service service : model.services().values()) {
      byHost.putIfAbsent(service.key().meshHostname(), service.key());
      for (String h : service.hostnames()) {
        byHost.putIfAbsent(h.toLowerCase(Locale.ROOT), service.key());
      }
    }
  }

  public static HostIndex of(MeshModel model) {
    return new HostIndex(model);
  }

  public Optional<ServiceKey> find(String normalizedHost) {
    return Optional.ofNullable(byHost.get(normalizedHost));
  }
}
