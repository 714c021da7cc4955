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
 * @param sourceLabels the labels (node metadata {@code LABELS}) a proxy must have for this match
 *     to be in its routes; empty for every proxy
 * @param ignoreUriCase {@code ignoreUriCase}: an exact or prefix {@code uri} matches in any case
 */
public record HttpMatch(
    @Nullable StringMatch uri,
    Map<String, StringMatch> headers,
    @Nullable StringMatch method,
    @Nullable StringMatch authority,
    int port,
    Map<String, StringMatch> queryParams,
    Map<String, String> sourceLabels,
    boolean ignoreUriCase) {

  /** Matches every request. */
  public static final HttpMatch ANY = 
      new HttpMatch(null, Map.of(), null, null, 0, Map.of(), Map.of(), false);

  /** Whether a proxy with {@code labels} gets this match (Istio's {@code sourceLabels}). */
  public boolean appliesToSource(Map<String, String> labels) {
    return labels.entrySet().containsAll(sourceLabels.entrySet());
  }

  public HttpMatch {
    headers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(headers));
    queryParams = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(queryParams));
    sourceLabels = Map.copyOf(sourceLabels);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
