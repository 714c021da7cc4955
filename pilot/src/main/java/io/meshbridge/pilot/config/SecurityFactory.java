package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import io.meshbridge.pilot.translate.security.SecuritySettings;

/**
 * {@code security:} in pilot's YAML: how PeerAuthentication and AuthorizationPolicy apply.
 * {@code rootNamespace} (default {@code istio-system}, Istio's): policies there apply to the mesh.
 */
public final class SecurityFactory {

  @JsonProperty @NotEmpty private String rootNamespace = SecuritySettings.DEFAULT_ROOT_NAMESPACE;

  public String rootNamespace() {
    return rootNamespace;
  }

  /** The settings with {@code trustDomain} (pilot's {@code ca.trustDomain}). */
  public SecuritySettings settings(String trustDomain) {
    return new SecuritySettings(trustDomain, rootNamespace);
  }
}
