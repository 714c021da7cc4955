package io.meshbridge.testing.consul;

/** An HTTP error answer, with the status and plain-text body Consul gives for it. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  HttpError(int status, String body) {
    super(body);
    this.status = status;
  }

  static HttpError badRequest(String body) {
    return new HttpError(400, body);
  }
}
