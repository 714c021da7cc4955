package io.meshbridge.proxy.dataplane.lb;

import io.meshbridge.proxy.config.HashPolicy;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A request's hash from its route's {@code hash_policy}, as Envoy computes it: each policy that
 * finds its input contributes {@code xxHash64(input)}, combined as {@code rotl(hash, 1) ^ next};
 * a {@code terminal} policy that produced a hash ends the list. Header values are sorted and
 * chained ({@code xxHash64(v2, seed = xxHash64(v1))}), so their order does not matter; a query
 * parameter's first value counts; the source IP is its text form.
 */
public final class RequestHash {

  private RequestHash() {}

  /**
   * @param pathAndQuery the request's origin-form target
   * @param sourceIp the downstream peer's IP, null when unknown
   * @return the hash, empty when no policy found its input (the balancer then picks at random)
   */
  public static OptionalLong compute(
      List<HashPolicy> policies,
      HttpHeaders headers,
      String pathAndQuery,
      @Nullable String sourceIp) {
    boolean any = false;
    long hash = 0;
    for (HashPolicy policy : policies) {
      OptionalLong next = evaluate(policy, headers, pathAndQuery, sourceIp);
      if (next.isPresent()) {
        hash = (any ? Long.rotateLeft(hash, 1) : 0) ^ next.getAsLong();
        any = true;
      }
      if (policy.terminal() && any) {
        break;
      }
    }
    return any ? OptionalLong.of(hash) : OptionalLong.empty();
  }

  private static OptionalLong evaluate(
      HashPolicy policy, HttpHeaders headers, String pathAndQuery, @Nullable String sourceIp) {
    return switch (policy.kind()) {
      case HEADER -> header(headers.getAll(policy.name()));
      case COOKIE -> cookie(headers.getAll("cookie"), policy.name());
      case SOURCE_IP ->
          sourceIp == null ? OptionalLong.empty() : OptionalLong.of(XxHash64.hash(sourceIp));
      case QUERY_PARAMETER -> {
        List<String> values =
            new QueryStringDecoder(pathAndQuery).parameters().get(policy.name());
        yield values == null || values.isEmpty()
            ? OptionalLong.empty()
            : OptionalLong.of(XxHash64.hash(values.get(0)));
      }
    };
  }

  private static OptionalLong header(List<String> values) {
    if (values.isEmpty()) {
      return OptionalLong.empty();
    }
    List<String> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    long seed = 0;
    for (String v : sorted) {
      seed = XxHash64.hash(v.getBytes(StandardCharsets.UTF_8), seed);
    }
    return OptionalLong.of(seed);
  }

  private static OptionalLong cookie(List<String> cookieHeaders, String name) {
    for (String header : cookieHeaders) {
      for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
        if (c.name().equals(name)) {
          return OptionalLong.of(XxHash64.hash(c.value()));
        }
      }
    }
    return OptionalLong.empty();
  }
}
