package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The {@code id} every registry has. */
public abstract class AbstractRegistryFactory implements RegistryFactory {

  @JsonProperty
  @NotNull
  @Pattern(
      regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
      message = "must be a lowercase DNS label, e.g. files or k8s-east")
  private String id = "";

  @Override
  public String id() {
    return id;
  }
}
