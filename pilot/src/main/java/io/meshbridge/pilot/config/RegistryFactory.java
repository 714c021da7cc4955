package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;
import io.meshbridge.model.RegistryAdapter;

/**
 * Configures one registry adapter; polymorphic on {@code type}. Implementations are Jackson
 * subtypes named with {@code @JsonTypeName} and listed in {@code
 * META-INF/services/io.meshbridge.pilot.config.RegistryFactory}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface RegistryFactory extends Discoverable {

  /** The adapter instance's id, unique within a pilot, e.g. {@code files} or {@code k8s-east}. */
  String id();

  /** Builds the adapter; it starts watching only when pilot starts it. */
  RegistryAdapter build();
}
