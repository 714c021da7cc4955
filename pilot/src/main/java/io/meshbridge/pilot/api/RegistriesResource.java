package io.meshbridge.pilot.api;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.api.ServicesView.RegistryView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /v1/registries}: each registry's status as in {@code GET /v1/services}, without the
 * model. Nothing is merged or rendered per endpoint, so it is cheap enough to poll (monitoring, the
 * registry sync benchmark).
 */
@Path("/v1/registries")
@Produces(MediaType.APPLICATION_JSON)
public final class RegistriesResource {

  private final Pilot pilot;

  public RegistriesResource(Pilot pilot) {
    this.pilot = requireNonNull(pilot, "pilot");
  }

  @GET
  public RegistriesView registries() {
    return new RegistriesView(
        pilot.registryStatuses().stream().map(ServicesView::registry).toList());
  }

  /** The JSON of {@code GET /v1/registries}: each registry's status, in precedence order. */
  public record RegistriesView(List<RegistryView> registries) {
    public RegistriesView {
      registries = List.copyOf(registries);
    }
  }
}
