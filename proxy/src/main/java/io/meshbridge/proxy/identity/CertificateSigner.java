package io.meshbridge.proxy.identity;

import io.meshbridge.proxy.config.TlsSecret;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sends a CSR to the mesh CA (pilot's {@code IstioCertificateService}). */
@FunctionalInterface
interface CertificateSigner {

  /**
   * Signs {@code csrPem}; blocks (call it off the event loops).
   *
   * @param bearerToken the join or service-account token (first CSR), or null
   * @param current the current identity to authenticate with over mTLS (renewal), or null
   * @return the chain, leaf first, root last
   * @throws SignException with the CA's refusal or the transport error
   */
  List<X509Certificate> sign(String csrPem, @Nullable String bearerToken, @Nullable TlsSecret current)
      throws SignException;

  /** The CA refused or could not be reached; the message says which and why. */
  final class SignException extends Exception {
    private static final long serialVersionUID = 1L;

    SignException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
