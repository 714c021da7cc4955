package io.meshbridge.pilot.policy;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Istio's {@code HTTPMatchRequest}, the supported part: every condition given must hold.
 *
 * @param headers by lowercase header name, sorted
 * @param port the service port this match is limited to, 0 for every port
 * @param queryParams by parameter name (case kept), sorted
 */
public record HttpMatch(
    @Nullable StringMatch uri,
    Map<String, StringMatch> headers,
    @Nullable StringMatch method,
    @Nullable StringMatch authority,
    int port,
    Map<String, StringMatch> queryParams) {

  /** Matches every request. */
  public static final HttpMatch ANY = new HttpMatch(null, Map.of(), null, null, 0, Map.of());

  public HttpMatch {
    headers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(headers));
    queryParams = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(queryParams));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
