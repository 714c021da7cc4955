package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A DestinationRule's {@code trafficPolicy.tls} (Istio's {@code ClientTLSSettings}), the accepted
 * part: how the proxy connects to the destination's endpoints.
 *
 * @param caCertificates PEM file of the roots to verify the server with; {@code ""} = the
 *     system's roots (SIMPLE, MUTUAL)
 * @param clientCertificate and {@code privateKey}: PEM files, MUTUAL only
 * @param sni the server name to send; {@code ""} = the destination host (SIMPLE, MUTUAL)
 * @param subjectAltNames DNS names one of which the server's certificate must have
 * @param insecureSkipVerify no verification of the server at all
 */
public record ClientTls(
    Mode mode,
    String caCertificates,
    String clientCertificate,
    String privateKey,
    String sni,
    List<String> subjectAltNames,
    boolean insecureSkipVerify) {

  /** {@code tls.mode}. */
  public enum Mode {
    DISABLE,
    SIMPLE,
    MUTUAL,
    ISTIO_MUTUAL
  }

  public ClientTls {
    requireNonNull(mode, "mode");
    requireNonNull(caCertificates, "caCertificates");
    requireNonNull(clientCertificate, "clientCertificate");
    requireNonNull(privateKey, "privateKey");
    requireNonNull(sni, "sni");
    subjectAltNames = List.copyOf(subjectAltNames);
  }
}
