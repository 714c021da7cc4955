package io.meshbridge.pilot.policy;

import io.meshbridge.pilot.policy.HttpPolicies.Abort;
import io.meshbridge.pilot.policy.HttpPolicies.Cors;
import io.meshbridge.pilot.policy.HttpPolicies.Delay;
import io.meshbridge.pilot.policy.HttpPolicies.DirectResponse;
import io.meshbridge.pilot.policy.HttpPolicies.Fault;
import io.meshbridge.pilot.policy.HttpPolicies.HeaderOperations;
import io.meshbridge.pilot.policy.HttpPolicies.Headers;
import io.meshbridge.pilot.policy.HttpPolicies.Mirror;
import io.meshbridge.pilot.policy.HttpPolicies.Redirect;
import io.meshbridge.pilot.policy.HttpPolicies.Rewrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the parts of an {@code HTTPRoute} other than match, route, timeout and retries. */
final class HttpPolicyReader {

  private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);
  private static final List<String> GRPC_CODES =
      List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
          "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
          "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
          "UNAUTHENTICATED");

  static Headers headers(Field f) {
    f.only(AcceptedFields.HEADERS);
    return new Headers(operations(f.child("request")), operations(f.child("response")));
  }

  private static HeaderOperations operations(Field f) {
    if (f.node().isMissingNode() || f.node().isNull()) {
      return HeaderOperations.NONE;
    }
    f.only(AcceptedFields.HEADER_OPERATIONS);
    List<String> remove = f.list("remove", r -> headerName(r, r.text()));
    return new HeaderOperations(names(f, "set"), names(f, "add"), remove);
  }

  private static Map<String, String> names(Field f, String name) {
    Map<String, String> out = new LinkedHashMap<>();
    f.stringMap(name).forEach((k, v) -> out.put(headerName(f.child(name).child(k), k), v));
    return out;
  }

  private static String headerName(Field where, String name) {
    if (name.startsWith(":") || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      throw where.error("'" + name + "' (expected: a header name, no pseudo-headers)");
    }
    return name.toLowerCase(Locale.ROOT);
  }

  static Rewrite rewrite(Field f) {
    f.only(AcceptedFields.REWRITE);
    if (!f.has("uri") && !f.has("authority") && !f.has("uriRegexRewrite")) {
      throw f.error("expected uri, uriRegexRewrite or authority");
    }
    if (f.has("uri") && f.has("uriRegexRewrite")) {
      throw f.child("uriRegexRewrite").error("not allowed together with uri (as Istio)");
    }
    HttpPolicies.RegexRewrite regex = null;
    if (f.has("uriRegexRewrite")) {
      Field r = f.child("uriRegexRewrite").only(AcceptedFields.REGEX_REWRITE);
      String match = r.child("match").text();
      Values.checkRegex(r.child("match"), match);
      regex = new HttpPolicies.RegexRewrite(match, r.child("rewrite").text());
    }
    return new Rewrite(
        f.has("uri") ? path(f.child("uri")) : null,
        f.has("authority") ? f.child("authority").text() : null,
        regex);
  }

  static Redirect redirect(Field f) {
    f.only(AcceptedFields.REDIRECT);
    int code = f.has("redirectCode") ? f.child("redirectCode").integer(300, 399) : 301;
    if (!REDIRECT_CODES.contains(code)) {
      throw f.child("redirectCode").error(code + " (expected: 301, 302, 303, 307 or 308)");
    }
    String scheme = f.has("scheme") ? f.child("scheme").text() : null;
    if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
      throw f.child("scheme").error("'" + scheme + "' (expected: http or https)");
    }
    if (f.has("port") && f.has("derivePort")) {
      throw f.child("derivePort").error("not allowed together with port (as Istio)");
    }
    String derive = f.has("derivePort") ? f.child("derivePort").text() : "FROM_PROTOCOL_DEFAULT";
    if (!derive.equals("FROM_PROTOCOL_DEFAULT") && !derive.equals("FROM_REQUEST_PORT")) {
      throw f.child("derivePort").error(
          "'" + derive + "' (expected: FROM_PROTOCOL_DEFAULT or FROM_REQUEST_PORT)");
    }
    return new Redirect(
        f.has("uri") ? path(f.child("uri")) : null,
        f.has("authority") ? f.child("authority").text() : null,
        f.has("port") ? f.child("port").integer(1, 65535) : 0,
        scheme,
        code,
        derive.equals("FROM_REQUEST_PORT"));
  }

  private static String path(Field f) {
    String path = f.text();
    if (!path.startsWith("/")) {
      throw f.error("'" + path + "' (expected: a path starting with /)");
    }
    return path;
  }

  static DirectResponse directResponse(Field f) {
    f.only(AcceptedFields.DIRECT_RESPONSE);
    int status = f.child("status").integer(200, 599);
    String body = null;
    if (f.has("body")) {
      body = f.child("body").only(AcceptedFields.DIRECT_RESPONSE_BODY).child("string").text();
    }
    return new DirectResponse(status, body);
  }

  static Fault fault(Field f) {
    f.only(AcceptedFields.FAULT);
    if (!f.has("delay") && !f.has("abort")) {
      throw f.error("expected delay, abort or both");
    }
    Delay delay = null;
    if (f.has("delay")) {
      Field d = f.child("delay").only(AcceptedFields.FAULT_DELAY);
      delay = new Delay(Values.duration(d.child("fixedDelay")), percentage(d, 0));
    }
    Abort abort = null;
    if (f.has("abort")) {
      Field a = f.child("abort").only(AcceptedFields.FAULT_ABORT);
      if (a.has("httpStatus") == a.has("grpcStatus")) {
        throw a.error("expected exactly one of httpStatus, grpcStatus");
      }
      if (a.has("httpStatus")) {
        abort = new Abort(a.child("httpStatus").integer(200, 599), -1, percentage(a, 0));
      } else {
        String name = a.child("grpcStatus").text();
        int code = GRPC_CODES.indexOf(name);
        if (code < 0) {
          throw a.child("grpcStatus").error("'" + name + "' (expected: a gRPC status name such as"
              + " UNAVAILABLE)");
        }
        abort = new Abort(0, code, percentage(a, 0));
      }
    }
    return new Fault(delay, abort);
  }

  /** Istio's {@code Percent} under {@code percentage}; {@code otherwise} when absent. */
  private static double percentage(Field f, double otherwise) {
    if (!f.has("percentage")) {
      return otherwise;
    }
    return f.child("percentage").only(AcceptedFields.PERCENT).child("value").number(0, 100);
  }

  /** {@code mirror} with {@code mirrorPercentage}, or {@code mirrors[]}; Istio's default 100 %. */
  static List<Mirror> mirrors(Field route, String namespace) {
    List<Mirror> out = new ArrayList<>();
    if (route.has("mirror")) {
      if (route.has("mirrors")) {
        throw route.child("mirrors").error("not allowed together with mirror");
      }
      Destination d = VirtualServiceReader.destinationOnly(route.child("mirror"), namespace);
      double pct =
          route.has("mirrorPercentage")
              ? route.child("mirrorPercentage").only(AcceptedFields.PERCENT).child("value")
                  .number(0, 100)
              : 100;
      out.add(new Mirror(d, pct, "mirror"));
    } else if (route.has("mirrorPercentage")) {
      throw route.child("mirrorPercentage").error("needs mirror");
    }
    out.addAll(route.list("mirrors", m -> {
      m.only(AcceptedFields.MIRROR_POLICY);
      Destination d = VirtualServiceReader.destinationOnly(m.child("destination"), namespace);
      return new Mirror(d, percentage(m, 100), m.path().substring(m.path().lastIndexOf('.') + 1));
    }));
    return out;
  }

  static Cors cors(Field f) {
    f.only(AcceptedFields.CORS_POLICY);
    String unmatched = f.text("unmatchedPreflights", "FORWARD");
    if (!unmatched.equals("FORWARD") && !unmatched.equals("IGNORE")
        && !unmatched.equals("UNSPECIFIED")) {
      throw f.child("unmatchedPreflights").error("'" + unmatched + "' (expected: FORWARD or IGNORE)");
    }
    return new Cors(
        f.list("allowOrigins", Values::stringMatch),
        f.list("allowMethods", Field::text),
        f.list("allowHeaders", Field::text),
        f.list("exposeHeaders", Field::text),
        f.has("maxAge") ? Values.duration(f.child("maxAge")) : null,
        f.has("allowCredentials") ? f.child("allowCredentials").bool() : null,
        !unmatched.equals("IGNORE"));
  }

  private HttpPolicyReader() {}
}
