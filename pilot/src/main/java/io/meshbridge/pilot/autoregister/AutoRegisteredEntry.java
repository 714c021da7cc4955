package io.meshbridge.pilot.autoregister;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.policy.WorkloadEntry;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An auto-registered WorkloadEntry as pilot holds it, with Istio's annotations as fields.
 *
 * @param group {@code istio.io/autoRegistrationGroup}: the WorkloadGroup's name
 * @param identity the SPIFFE ID of the proxy's certificate
 * @param streams the proxy's open xDS streams ({@code istio.io/workloadController}: this pilot)
 * @param connectedAt {@code istio.io/connectedAt}, null while disconnected
 * @param disconnectedAt {@code istio.io/disconnectedAt}: the entry is deleted one grace period
 *     after it unless the proxy reconnects; null while connected
 * @param healthy false once the proxy reported its workload unhealthy
 */
public record AutoRegisteredEntry(
    WorkloadEntry entry,
    String group,
    String identity,
    int streams,
    @Nullable Instant connectedAt,
    @Nullable Instant disconnectedAt,
    boolean healthy) {

  public AutoRegisteredEntry {
    requireNonNull(entry, "entry");
    requireNonNull(group, "group");
    requireNonNull(identity, "identity");
  }

  /** {@code <namespace>/<name>}. */
  public String key() {
    return entry.namespace() + "/" + entry.name();
  }
}
