package io.meshbridge.pilot.testing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.pilot.config.AbstractRegistryFactory;

/** {@code type: memory}: an {@link InMemoryRegistry}, for tests only. */
@JsonTypeName("memory")
public final class MemoryRegistryFactory extends AbstractRegistryFactory {

  @Override
  public RegistryAdapter build() {
    return new InMemoryRegistry(id());
  }
}
