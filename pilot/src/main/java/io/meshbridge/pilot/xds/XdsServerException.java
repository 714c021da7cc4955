package io.meshbridge.pilot.xds;

/** The xDS gRPC server could not start; the message names the address. */
public final class XdsServerException extends RuntimeException {

  public XdsServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
