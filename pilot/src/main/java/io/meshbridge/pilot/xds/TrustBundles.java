package io.meshbridge.pilot.xds;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

/** The {@code ROOTCA} secret (docs/xds.md, "Secrets (SDS)"): every root the mesh trusts, PEM. */
public final class TrustBundles {

  /** Istio's name for the trust bundle secret. */
  public static final String ROOTCA = "ROOTCA";

  /** {@code ROOTCA} with {@code validation_context {trusted_ca {inline_string: rootsPem}}}. */
  public static Secret rootCa(String rootsPem) {
    return Secret.newBuilder()
        .setName(ROOTCA)
        .setValidationContext(
            CertificateValidationContext.newBuilder()
                .setTrustedCa(DataSource.newBuilder().setInlineString(rootsPem)))
        .build();
  }

  private TrustBundles() {}
}
