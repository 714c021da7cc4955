package io.meshbridge.model;

/** How the data plane finds the addresses of a service's endpoints. */
public enum Resolution {
  /** Endpoints are IP addresses, sent to the data plane over EDS (every registry but one). */
  STATIC,
  /**
   * Endpoint addresses are host names the data plane resolves itself and re-resolves periodically
   * (an Istio ServiceEntry with {@code resolution: DNS}); xDS cluster type {@code STRICT_DNS}.
   */
  DNS
}
