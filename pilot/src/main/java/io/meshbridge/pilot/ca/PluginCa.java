package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A CA supplied as files (Istio's "plug-in CA"): {@code certChain} (the signing certificate first,
 * then its issuers), {@code key} (the signing certificate's private key, PEM) and {@code
 * rootCerts} (the roots workloads trust). During a root rotation, {@code previousRootCerts} (the
 * old roots) stay trusted until {@code previousRootsUntil}.
 */
public record PluginCa(
    Path certChain,
    Path key,
    Path rootCerts,
    @Nullable Path previousRootCerts,
    @Nullable Instant previousRootsUntil) {

  public PluginCa {
    requireNonNull(certChain, "certChain");
    requireNonNull(key, "key");
    requireNonNull(rootCerts, "rootCerts");
    if ((previousRootCerts == null) != (previousRootsUntil == null)) {
      throw new IllegalArgumentException(
          "ca.plugin.previousRootCerts and ca.plugin.previousRootsUntil: set both or neither");
    }
  }

  /** Without a rotation. */
  public PluginCa(Path certChain, Path key, Path rootCerts) {
    this(certChain, key, rootCerts, null, null);
  }
}
