package io.meshbridge.proxy.dataplane.route;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * What route matching reads of a request.
 *
 * @param method the request method, e.g. {@code GET}
 * @param host the authority: of an absolute-form target, else the Host header ("" when none)
 * @param target the request target in origin form, query included
 * @param headers the request headers
 */
public record RequestView(String method, String host, String target, HttpHeaders headers) {

  public RequestView {
    requireNonNull(method, "method");
    requireNonNull(host, "host");
    requireNonNull(target, "target");
    requireNonNull(headers, "headers");
  }

  /** The path, without query or fragment. */
  public String path() {
    return RequestTarget.path(target);
  }

  /** The query without its {@code ?} (and without a fragment), or "" when there is none. */
  public String query() {
    int q = target.indexOf('?');
    if (q < 0) {
      return "";
    }
    int f = target.indexOf('#', q);
    return target.substring(q + 1, f < 0 ? target.length() : f);
  }
}
