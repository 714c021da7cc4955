package io.meshbridge.proxy.dataplane.lb;

import static java.util.Objects.requireNonNull;

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
 * parameter's first value counts; the source IP is its text form. A cookie policy with a ttl
 * generates the missing cookie as Envoy does: value {@code hex(xxHash64(remote + local address))}
 * (the same for every request of a connection), hashed like a received one, and sent back in a
 * {@code Set-Cookie} ({@code name="value"; Max-Age=ttl; Path=path; HttpOnly}).
 */
public final class RequestHash {

  private RequestHash() {}

  /**
   * A request's hash and the cookie to set on its response.
   *
   * @param hash empty when no policy found its input (the balancer then picks at random)
   * @param setCookie a {@code Set-Cookie} value for the response, or null
   */
  public record Result(OptionalLong hash, @Nullable String setCookie) {
    public static final Result NONE = new Result(OptionalLong.empty(), null);
  }

  /** {@link #compute(List, HttpHeaders, String, String, String)} without cookie generation. */
  public static OptionalLong compute(
      List<HashPolicy> policies,
      HttpHeaders headers,
      String pathAndQuery,
      @Nullable String sourceIp) {
    return compute(policies, headers, pathAndQuery, sourceIp, null).hash();
  }

  /**
   * @param pathAndQuery the request's origin-form target
   * @param sourceIp the downstream peer's IP, null when unknown
   * @param connection the downstream connection's remote and local address, what a generated
   *     cookie's value is made of; null: no cookie is generated
   */
  public static Result compute(
      List<HashPolicy> policies,
      HttpHeaders headers,
      String pathAndQuery,
      @Nullable String sourceIp,
      @Nullable String connection) {
    if (policies.isEmpty()) {
      return Result.NONE;
    }
    boolean any = false;
    long hash = 0;
    String setCookie = null;
    for (HashPolicy policy : policies) {
      OptionalLong next = evaluate(policy, headers, pathAndQuery, sourceIp);
      if (next.isEmpty() && policy.cookieTtl() != null && connection != null) {
        String value = String.format("%016x", XxHash64.hash(connection));
        setCookie = setCookie(policy, value);
        next = OptionalLong.of(XxHash64.hash(value));
      }
      if (next.isPresent()) {
        hash = (any ? Long.rotateLeft(hash, 1) : 0) ^ next.getAsLong();
        any = true;
      }
      if (policy.terminal() && any) {
        break;
      }
    }
    return new Result(any ? OptionalLong.of(hash) : OptionalLong.empty(), setCookie);
  }

  private static String setCookie(HashPolicy policy, String value) {
    StringBuilder b = new StringBuilder(policy.name()).append("=\"").append(value).append('"');
    long ttl = requireNonNull(policy.cookieTtl()).toSeconds();
    if (ttl > 0) {
      b.append("; Max-Age=").append(ttl);
    }
    if (!policy.cookiePath().isEmpty()) {
      b.append("; Path=").append(policy.cookiePath());
    }
    return b.append("; HttpOnly").toString();
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
