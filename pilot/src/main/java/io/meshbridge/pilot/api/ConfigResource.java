package io.meshbridge.pilot.api;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.Pilot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/config}: the Istio resources applied and the ones rejected, with reasons. */
@Path("/v1/config")
@Produces(MediaType.APPLICATION_JSON)
public final class ConfigResource {

  private final Pilot pilot;

  public ConfigResource(Pilot pilot) {
    this.pilot = requireNonNull(pilot, "pilot");
  }

  @GET
  public ConfigView config() {
    return ConfigView.of(pilot.policies());
  }
}
