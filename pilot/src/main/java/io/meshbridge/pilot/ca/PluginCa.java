package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A CA supplied as files (Istio's "plug-in CA"): {@code certChain} (the signing certificate first,
 * then its issuers), {@code key} (the signing certificate's private key, PEM) and {@code
 * rootCerts} (the roots workloads trust).
 */
public record PluginCa(Path certChain, Path key, Path rootCerts) {

  public PluginCa {
    requireNonNull(certChain, "certChain");
    requireNonNull(key, "key");
    requireNonNull(rootCerts, "rootCerts");
  }
}
