package io.meshbridge.pilot.api;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.autoregister.AutoRegisteredEntry;
import io.meshbridge.pilot.autoregister.AutoRegistrationMetrics;
import io.meshbridge.pilot.autoregister.AutoRegistry;
import io.meshbridge.pilot.policy.Workload;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/autoregistered}: the WorkloadEntries pilot auto-registered from WorkloadGroups,
 * with Istio's annotations as fields, and the auto-registration counters.
 */
@Path("/v1/autoregistered")
@Produces(MediaType.APPLICATION_JSON)
public final class AutoRegisteredResource {

  /** The JSON; field names are part of the API (pilot/README.md). */
  public record View(String gracePeriod, List<EntryView> entries, Map<String, Long> counters,
      Map<String, Long> refusals) {}

  /** One entry: {@code connectedAt}/{@code disconnectedAt} are ISO-8601 instants or null. */
  public record EntryView(String namespace, String name, String autoRegistrationGroup,
      String identity, String address, Map<String, String> labels, Map<String, Integer> ports,
      String serviceAccount, String network, String locality, int weight, int streams,
      @Nullable String connectedAt, @Nullable String disconnectedAt, boolean healthy) {}

  private final Pilot pilot;

  public AutoRegisteredResource(Pilot pilot) {
    this.pilot = requireNonNull(pilot, "pilot");
  }

  @GET
  public View entries() {
    AutoRegistry registry = pilot.autoRegistry();
    AutoRegistrationMetrics m = registry.metrics();
    List<EntryView> entries = registry.entries().stream().map(AutoRegisteredResource::view).toList();
    return new View(registry.settings().gracePeriod().toString(), entries,
        Map.of("registrations", m.registrations(), "reconnects", m.reconnects(),
            "unregistrations", m.unregistrations(), "deletes", m.deletes()),
        m.refusals());
  }

  private static EntryView view(AutoRegisteredEntry e) {
    Workload w = e.entry().workload();
    String locality = w.locality().region() + "/" + w.locality().zone() + "/"
        + w.locality().subZone();
    return new EntryView(e.entry().namespace(), e.entry().name(), e.group(), e.identity(),
        w.address(), w.labels(), w.ports(), w.serviceAccount(), w.network(),
        locality.equals("//") ? "" : locality, w.weight(), e.streams(),
        e.connectedAt() == null ? null : e.connectedAt().toString(),
        e.disconnectedAt() == null ? null : e.disconnectedAt().toString(), e.healthy());
  }
}
