package io.meshbridge.pilot.policy;

import io.meshbridge.pilot.policy.VirtualService.LocalRateLimit;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code meshbridge.io/} annotations of a resource ({@code metadata.annotations});
 * others are Kubernetes' business and ignored, an unknown {@code meshbridge.io/} one is rejected.
 */
final class AnnotationReader {

  static final String PREFIX = "meshbridge.io/";
  static final String RETRY_NON_IDEMPOTENT = PREFIX + "retry-non-idempotent";
  static final String LOCAL_RATE_LIMIT = PREFIX + "local-rate-limit.";
  static final String LOAD_BALANCER = PREFIX + "load-balancer";
  static final String PEAK_EWMA_DECAY = PREFIX + "peak-ewma-decay";

  private static final Pattern RATE = Pattern.compile("(\\d+)/([^,]+)(?:,burst=(\\d+))?");

  static VirtualService.Extensions virtualService(Field annotations, List<HttpRoute> http) {
    Map<String, String> all = meshbridge(annotations, AcceptedFields.VIRTUAL_SERVICE_ANNOTATIONS);
    boolean retryNonIdempotent = false;
    Map<String, LocalRateLimit> limits = new HashMap<>();
    for (var e : all.entrySet()) {
      Field f = annotations.child(e.getKey());
      if (e.getKey().equals(RETRY_NON_IDEMPOTENT)) {
        retryNonIdempotent = bool(f, e.getValue());
      } else {
        String route = e.getKey().substring(LOCAL_RATE_LIMIT.length());
        if (http.stream().noneMatch(r -> r.name().equals(route))) {
          throw f.error("no http route is named '" + route + "'");
        }
        limits.put(route, rateLimit(f, e.getValue()));
      }
    }
    return new VirtualService.Extensions(retryNonIdempotent, limits);
  }

  /** The PEAK_EWMA decay if {@code meshbridge.io/load-balancer: PEAK_EWMA}, else null. */
  static @Nullable Duration peakEwmaDecay(Field annotations) {
    Map<String, String> all = meshbridge(annotations, AcceptedFields.DESTINATION_RULE_ANNOTATIONS);
    String lb = all.get(LOAD_BALANCER);
    if (lb == null) {
      if (all.containsKey(PEAK_EWMA_DECAY)) {
        throw annotations.child(PEAK_EWMA_DECAY).error("needs " + LOAD_BALANCER + ": PEAK_EWMA");
      }
      return null;
    }
    if (!lb.equals("PEAK_EWMA")) {
      throw annotations.child(LOAD_BALANCER).error("'" + lb + "' (expected: PEAK_EWMA)");
    }
    return all.containsKey(PEAK_EWMA_DECAY)
        ? Values.duration(annotations.child(PEAK_EWMA_DECAY))
        : Duration.ofSeconds(10);
  }

  private static Map<String, String> meshbridge(Field annotations, Set<String> accepted) {
    Map<String, String> out = new HashMap<>();
    for (var e : annotations.stringMap().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      boolean known =
          accepted.contains(key)
              || accepted.stream().anyMatch(a -> a.endsWith("*")
                  && key.startsWith(a.substring(0, a.length() - 1))
                  && key.length() > a.length() - 1);
      if (!known) {
        throw annotations.child(key).error("not supported");
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  private static boolean bool(Field f, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw f.error("'" + value + "' (expected: \"true\" or \"false\")");
    };
  }

  private static LocalRateLimit rateLimit(Field f, String value) {
    Matcher m = RATE.matcher(value);
    if (!m.matches()) {
      throw f.error("'" + value + "' (expected: <tokens>/<fill interval>[,burst=<max tokens>],"
          + " e.g. 100/1s,burst=200)");
    }
    int tokens = parse(f, m.group(1));
    Duration interval = Values.duration(new Field(f.path(), new com.fasterxml.jackson.databind
        .node.TextNode(m.group(2))));
    int burst = m.group(3) == null ? tokens : parse(f, m.group(3));
    if (tokens < 1 || burst < tokens) {
      throw f.error("'" + value + "' (expected: tokens at least 1, burst at least tokens)");
    }
    return new LocalRateLimit(tokens, interval, burst);
  }

  private static int parse(Field f, String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw f.error("'" + digits + "' (expected: a number up to " + Integer.MAX_VALUE + ")");
    }
  }

  private AnnotationReader() {}
}
