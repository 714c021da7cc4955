package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An Istio PeerAuthentication: which mTLS mode the inbound ports of the selected workloads take.
 *
 * @param selector {@code selector.matchLabels}; empty = every workload of the namespace (or of
 *     the mesh, in the root namespace)
 * @param mode {@code mtls.mode}; {@link Mode#UNSET} when {@code mtls} is absent
 * @param portLevelMtls {@code portLevelMtls}, by the workload's port number
 */
public record PeerAuthentication(
    String namespace,
    String name,
    Map<String, String> selector,
    Mode mode,
    Map<Integer, Mode> portLevelMtls,
    String source)
    implements PolicyResource {

  public static final String KIND = "PeerAuthentication";

  /** Istio's {@code PeerAuthentication.MutualTLS.Mode}. */
  public enum Mode {
    UNSET,
    DISABLE,
    PERMISSIVE,
    STRICT
  }

  public PeerAuthentication {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(mode, "mode");
    requireNonNull(source, "source");
    selector = Map.copyOf(selector);
    portLevelMtls = Map.copyOf(portLevelMtls);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
