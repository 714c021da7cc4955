package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.ForwardClientCertDetails;

/**
 * The HTTP connection manager's {@code forward_client_cert_details}: SANITIZE (Envoy's default:
 * an incoming {@code x-forwarded-client-cert} is removed) or Istio's SANITIZE_SET with {@code
 * set_current_client_cert_details {uri: true}}. Other modes and details are rejected.
 */
final class ClientCertDetails {

  private ClientCertDetails() {}

  /** Whether the URI of a TLS peer is forwarded (SANITIZE_SET); false for SANITIZE. */
  static boolean forwardUri(HttpConnectionManager hcm, FieldChecker check, String path)
      throws InvalidResourceException {
    ForwardClientCertDetails mode = hcm.getForwardClientCertDetails();
    String detailsPath = join(path, "set_current_client_cert_details");
    if (mode == ForwardClientCertDetails.SANITIZE) {
      if (hcm.hasSetCurrentClientCertDetails()) {
        throw check.invalid(detailsPath, "set with SANITIZE (expected: SANITIZE_SET)");
      }
      return false;
    }
    if (mode != ForwardClientCertDetails.SANITIZE_SET) {
      throw check.invalid(join(path, "forward_client_cert_details"),
          mode + " is not supported (supported: SANITIZE, SANITIZE_SET)");
    }
    check.onlySupported(hcm.getSetCurrentClientCertDetails(), detailsPath, "uri");
    if (!hcm.getSetCurrentClientCertDetails().getUri()) {
      throw check.invalid(join(detailsPath, "uri"), "false (expected: true with SANITIZE_SET)");
    }
    return true;
  }
}
