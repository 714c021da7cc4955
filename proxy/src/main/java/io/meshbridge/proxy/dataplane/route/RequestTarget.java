package io.meshbridge.proxy.dataplane.route;

import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP/1.1 request target (RFC 9112 section 3.2) routing needs: the path without
 * query or fragment, and for the absolute form the authority that replaces the Host header.
 */
public final class RequestTarget {

  private RequestTarget() {}

  /**
   * The path of {@code uri}: {@code "/a/b?x"} gives {@code "/a/b"}, {@code "http://h"} gives "/".
   */
  public static String path(String uri) {
    String origin = originForm(uri);
    int end = origin.length();
    for (int i = 0; i < origin.length(); i++) {
      char c = origin.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return origin.substring(0, end);
  }

  /**
   * The authority of an absolute-form target ({@code http://h:1/p} gives {@code h:1}), else null.
   */
  public static @Nullable String authority(String uri) {
    int start = schemeEnd(uri);
    if (start < 0) {
      return null;
    }
    int end = authorityEnd(uri, start);
    return uri.substring(start, end);
  }

  /** {@code uri} in origin form: an absolute-form target loses scheme and authority. */
  public static String originForm(String uri) {
    int start = schemeEnd(uri);
    if (start < 0) {
      return uri;
    }
    int end = authorityEnd(uri, start);
    if (end == uri.length()) {
      return "/";
    }
    return uri.charAt(end) == '/' ? uri.substring(end) : "/" + uri.substring(end);
  }

  /** Index just after {@code "scheme://"} when {@code uri} is in absolute form, else -1. */
  private static int schemeEnd(String uri) {
    if (uri.startsWith("/")) {
      return -1;
    }
    int sep = uri.indexOf("://");
    if (sep <= 0) {
      return -1;
    }
    for (int i = 0; i < sep; i++) {
      char c = uri.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return sep + 3;
  }

  private static int authorityEnd(String uri, int start) {
    for (int i = start; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return uri.length();
  }
}
