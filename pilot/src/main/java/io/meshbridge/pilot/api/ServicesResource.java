package io.meshbridge.pilot.api;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.Pilot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/services}: the merged model, registry status and problems. */
@Path("/v1/services")
@Produces(MediaType.APPLICATION_JSON)
public final class ServicesResource {

  private final Pilot pilot;

  public ServicesResource(Pilot pilot) {
    this.pilot = requireNonNull(pilot, "pilot");
  }

  @GET
  public ServicesView services() {
    return ServicesView.of(pilot.aggregate(), pilot.translationProblems());
  }
}
