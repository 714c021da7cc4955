package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.registry.file.FileRegistry;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * {@code type: file}: services and endpoints from the YAML files of a directory, watched.
 *
 * <pre>{@code
 * - type: file
 *   id: files
 *   directory: /etc/meshbridge/registry
 * }</pre>
 */
@JsonTypeName("file")
public final class FileRegistryFactory extends AbstractRegistryFactory {

  @JsonProperty @NotNull private Path directory = Path.of("/etc/meshbridge/registry");

  public Path directory() {
    return directory;
  }

  /**
   * @throws IllegalArgumentException naming the registry if the directory does not exist or is
   *     not a directory
   */
  @Override
  public RegistryAdapter build() {
    try {
      return new FileRegistry(id(), directory);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry '" + id() + "': " + e.getMessage(), e);
    }
  }
}
