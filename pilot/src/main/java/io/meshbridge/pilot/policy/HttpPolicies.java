package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The parts of Istio's {@code HTTPRoute} besides matching and destinations. */
public final class HttpPolicies {

  /** Istio's {@code Headers.HeaderOperations}; names lowercased and sorted. */
  public record HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove) {
    public static final HeaderOperations NONE = new HeaderOperations(Map.of(), Map.of(), List.of());

    public HeaderOperations {
      set = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(set));
      add = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(add));
      remove = List.copyOf(remove);
    }
  }

  /** Istio's {@code Headers}: operations on the request and on the response. */
  public record Headers(HeaderOperations request, HeaderOperations response) {
    public static final Headers NONE = new Headers(HeaderOperations.NONE, HeaderOperations.NONE);

    public Headers {
      requireNonNull(request, "request");
      requireNonNull(response, "response");
    }
  }

  /**
   * Istio's {@code HTTPRewrite}: a new path (prefix) or a regex rewrite of the path, and/or a new
   * authority.
   *
   * @param uriRegex {@code uriRegexRewrite}; never together with {@code uri}
   */
  public record Rewrite(
      @Nullable String uri, @Nullable String authority, @Nullable RegexRewrite uriRegex) {
    public Rewrite(@Nullable String uri, @Nullable String authority) {
      this(uri, authority, null);
    }
  }

  /** {@code uriRegexRewrite}: every match of the RE2 {@code match} replaced by {@code rewrite}. */
  public record RegexRewrite(String match, String rewrite) {
    public RegexRewrite {
      requireNonNull(match, "match");
      requireNonNull(rewrite, "rewrite");
    }
  }

  /**
   * Istio's {@code HTTPRedirect}.
   *
   * @param port the port to redirect to, 0 to keep the request's
   * @param code 301, 302, 303, 307 or 308
   * @param fromRequestPort {@code derivePort: FROM_REQUEST_PORT}: the port the request came to
   */
  public record Redirect(
      @Nullable String uri, @Nullable String authority, int port, @Nullable String scheme, int code,
      boolean fromRequestPort) {
    public Redirect(
        @Nullable String uri, @Nullable String authority, int port, @Nullable String scheme,
        int code) {
      this(uri, authority, port, scheme, code, false);
    }
  }

  /** Istio's {@code HTTPDirectResponse}: a local response, with a body or none. */
  public record DirectResponse(int status, @Nullable String body) {}

  /** Istio's {@code HTTPFaultInjection}: a delay, an abort, or both. */
  public record Fault(@Nullable Delay delay, @Nullable Abort abort) {}

  /** A fixed delay for {@code percentage} % of the requests. */
  public record Delay(Duration fixedDelay, double percentage) {
    public Delay {
      requireNonNull(fixedDelay, "fixedDelay");
    }
  }

  /**
   * An abort for {@code percentage} % of the requests, with an HTTP status or a gRPC status code.
   *
   * @param httpStatus the HTTP status, or 0 when {@code grpcStatus} is used
   * @param grpcStatus the gRPC status code, or -1 when {@code httpStatus} is used
   */
  public record Abort(int httpStatus, int grpcStatus, double percentage) {}

  /**
   * A copy of the requests to {@code destination}, for {@code percentage} % of them.
   *
   * @param field where it was written: {@code mirror} or {@code mirrors[j]}, for messages
   */
  public record Mirror(Destination destination, double percentage, String field) {
    public Mirror {
      requireNonNull(destination, "destination");
      requireNonNull(field, "field");
    }
  }

  /**
   * Istio's {@code CorsPolicy}.
   *
   * @param allowCredentials null when not given
   * @param forwardUnmatchedPreflights {@code unmatchedPreflights} FORWARD (the default), not IGNORE
   */
  public record Cors(
      List<StringMatch> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      @Nullable Duration maxAge,
      @Nullable Boolean allowCredentials,
      boolean forwardUnmatchedPreflights) {
    public Cors {
      allowOrigins = List.copyOf(allowOrigins);
      allowMethods = List.copyOf(allowMethods);
      allowHeaders = List.copyOf(allowHeaders);
      exposeHeaders = List.copyOf(exposeHeaders);
    }
  }

  private HttpPolicies() {}
}
