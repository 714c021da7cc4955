package io.meshbridge.agent.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The workload identity settings the proxy reads from its node metadata (docs/xds.md: {@code
 * MESHBRIDGE_CA_ADDRESS}, {@code MESHBRIDGE_CA_ROOT_FILE}, {@code MESHBRIDGE_JOIN_TOKEN_FILE});
 * the identity directory is always {@code <stateDir>/identity}.
 */
public record IdentityConfig(String caAddress, Path caRootFile, @Nullable Path joinTokenFile) {

  public IdentityConfig {
    requireNonNull(caAddress, "caAddress");
    requireNonNull(caRootFile, "caRootFile");
  }
}
