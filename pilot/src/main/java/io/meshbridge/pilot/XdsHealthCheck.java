package io.meshbridge.pilot;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.health.HealthCheck;

/** Healthy while the xDS server is serving. */
final class XdsHealthCheck extends HealthCheck {

  private final Pilot pilot;

  XdsHealthCheck(Pilot pilot) {
    this.pilot = requireNonNull(pilot, "pilot");
  }

  @Override
  protected Result check() {
    if (!pilot.options().xdsPlaintext()) {
      return Result.healthy("xDS on the CA's TLS port only (xds.plaintext: false)");
    }
    int port = pilot.xdsPort();
    return port < 0
        ? Result.unhealthy("xDS server is not running")
        : Result.healthy("xDS server on port " + port);
  }
}
