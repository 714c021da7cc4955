package io.meshbridge.testing.consul;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request the simulator received, for tests that assert how a client talks to Consul (e.g.
 * that it blocks instead of polling).
 *
 * @param method the HTTP method
 * @param path the decoded path, e.g. {@code /v1/health/service/web}
 * @param query the query parameters (the first value of each; a bare {@code ?passing} maps to "")
 * @param token the ACL token sent (header or {@code ?token=}), or null
 */
public record RecordedRequest(
    String method, String path, Map<String, String> query, @Nullable String token) {

  public RecordedRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    query = Map.copyOf(query);
  }

  /** The {@code index} parameter, or 0 when absent: 0 means "do not block". */
  public long index() {
    String index = query.get("index");
    try {
      return index == null ? 0 : Long.parseLong(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether this request asked to block (an index above 0). */
  public boolean blocking() {
    return index() > 0;
  }
}
