package io.meshbridge.pilot.autoregister;

import io.grpc.Status;
import io.meshbridge.model.Locality;
import io.meshbridge.pilot.ca.SpiffeId;
import io.meshbridge.pilot.policy.Workload;
import io.meshbridge.pilot.policy.WorkloadEntry;
import io.meshbridge.pilot.policy.WorkloadGroup;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Makes a proxy's WorkloadEntry from its WorkloadGroup, as Istio's {@code workloadEntryFromGroup}:
 * the template's ports, service account and weight; labels of the template, then the group's
 * {@code metadata.labels}, then the proxy's {@code LABELS}; the proxy's address, and its network
 * and locality where it has them. Pure.
 */
public final class EntryTemplate {

  /** The {@code source} of every auto-registered entry starts with this. */
  public static final String SOURCE_PREFIX = "auto-registered from WorkloadGroup ";

  /**
   * The entry for {@code proxy}, whose certificate says {@code identity}.
   *
   * @param group the group {@code proxy} names, or null when there is none
   * @throws RegistrationRefusedException {@code FAILED_PRECONDITION} without the group, {@code
   *     PERMISSION_DENIED} without an identity or when it is not the group's namespace and service
   *     account (naming both)
   */
  public static WorkloadEntry entry(
      ProxyRegistration proxy, @Nullable WorkloadGroup group, @Nullable SpiffeId identity) {
    String groupName = proxy.namespace() + "/" + proxy.group();
    if (group == null) {
      throw new RegistrationRefusedException(Status.Code.FAILED_PRECONDITION, "no_group",
          "auto-registration of node '" + proxy.nodeId() + "' failed: cannot find WorkloadGroup "
              + groupName);
    }
    Workload template = group.template();
    String account = template.serviceAccount().isEmpty() ? "default" : template.serviceAccount();
    if (identity == null) {
      throw new RegistrationRefusedException(Status.Code.PERMISSION_DENIED, "identity",
          "auto-registration of node '" + proxy.nodeId() + "' into WorkloadGroup " + groupName
              + " needs a verified identity (expected: a mesh client certificate on pilot's"
              + " mTLS port, for ns/" + proxy.namespace() + "/sa/" + account + ")");
    }
    boolean accountMatches =
        template.serviceAccount().isEmpty() || identity.serviceAccount().equals(account);
    if (!identity.namespace().equals(group.namespace()) || !accountMatches) {
      throw new RegistrationRefusedException(Status.Code.PERMISSION_DENIED, "identity",
          "auto-registration of node '" + proxy.nodeId() + "' refused: its certificate is "
              + identity.uri() + ", WorkloadGroup " + groupName + " is for ns/"
              + group.namespace() + "/sa/"
              + (template.serviceAccount().isEmpty() ? "*" : account)
              + " (expected: the group's namespace and serviceAccount)");
    }
    Map<String, String> labels = new TreeMap<>(template.labels());
    labels.putAll(group.labels());
    labels.putAll(proxy.labels());
    Locality locality = proxy.locality() != null ? proxy.locality() : template.locality();
    String network = proxy.network().isEmpty() ? template.network() : proxy.network();
    Workload workload = new Workload(proxy.address(), template.ports(), labels, locality,
        template.weight(), template.serviceAccount(), network);
    return new WorkloadEntry(group.namespace(), proxy.entryName(), workload,
        SOURCE_PREFIX + groupName);
  }

  private EntryTemplate() {}
}
