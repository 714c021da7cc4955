package io.meshbridge.pilot.api;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.Pilot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/proxies}: the connected xDS clients and where each stands per type. */
@Path("/v1/proxies")
@Produces(MediaType.APPLICATION_JSON)
public final class ProxiesResource {

  private final Pilot pilot;

  public ProxiesResource(Pilot pilot) {
    this.pilot = requireNonNull(pilot, "pilot");
  }

  @GET
  public ProxiesView proxies() {
    return ProxiesView.of(pilot.proxies());
  }
}
