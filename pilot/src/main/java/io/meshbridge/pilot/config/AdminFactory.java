package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshbridge.pilot.ca.SpiffeId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code admin:} Dropwizard's admin settings ({@code healthChecks}, {@code tasks}) plus who may
 * call pilot's REST and admin API. State-changing requests always need the admin token or a
 * client certificate whose identity is listed; reads only with {@code readRequiresAuth: true}.
 */
public final class AdminFactory extends io.dropwizard.core.setup.AdminFactory {

  private Set<SpiffeId> identities = Set.of();

  @JsonProperty private boolean readRequiresAuth;

  /** SPIFFE IDs whose client certificate (an HTTPS connector asking for one) acts as the admin. */
  @JsonProperty("identities")
  void setIdentities(List<String> uris) {
    Set<SpiffeId> parsed = new LinkedHashSet<>();
    for (int i = 0; i < uris.size(); i++) {
      try {
        parsed.add(SpiffeId.parse(uris.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("admin.identities[" + i + "]: " + e.getMessage(), e);
      }
    }
    identities = Set.copyOf(parsed);
  }

  public Set<SpiffeId> identities() {
    return identities;
  }

  public boolean readRequiresAuth() {
    return readRequiresAuth;
  }
}
