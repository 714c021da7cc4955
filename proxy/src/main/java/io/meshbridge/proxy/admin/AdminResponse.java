package io.meshbridge.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpResponseStatus;

/** What an admin endpoint answers, before it becomes bytes. */
record AdminResponse(HttpResponseStatus status, String contentType, String body) {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  AdminResponse {
    requireNonNull(status, "status");
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
  }

  static AdminResponse text(HttpResponseStatus status, String body) {
    return new AdminResponse(status, TEXT, body);
  }
}
