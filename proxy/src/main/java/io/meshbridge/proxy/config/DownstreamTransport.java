package io.meshbridge.proxy.config;

import org.jspecify.annotations.Nullable;

/**
 * How a listener's connections are secured, from its filter chains' {@code transport_socket} and
 * {@code filter_chain_match.transport_protocol}.
 *
 * @param tls TLS termination settings; null = plaintext only
 * @param plaintext whether a plaintext connection is also served (PERMISSIVE: a {@code
 *     raw_buffer} chain next to the TLS chain, told apart by the TLS inspector)
 * @param forwardClientCertUri the HTTP connection manager's {@code forward_client_cert_details:
 *     SANITIZE_SET} with {@code set_current_client_cert_details {uri: true}}: requests get {@code
 *     x-forwarded-client-cert: By=..;Hash=..;URI=..} for a TLS peer; otherwise an incoming one is
 *     removed (SANITIZE, Envoy's default)
 */
public record DownstreamTransport(
    @Nullable DownstreamTlsConfig tls, boolean plaintext, boolean forwardClientCertUri) {

  /** Plaintext only: no transport socket. */
  public static final DownstreamTransport PLAINTEXT = new DownstreamTransport(null, true, false);

  public DownstreamTransport {
    if (tls == null && !plaintext) {
      throw new IllegalArgumentException("plaintext: false without tls (expected: some transport)");
    }
  }
}
