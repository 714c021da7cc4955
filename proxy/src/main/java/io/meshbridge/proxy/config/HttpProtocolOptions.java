package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a cluster's upstream HTTP connections behave (Envoy's {@code
 * envoy.extensions.upstreams.http.v3.HttpProtocolOptions}).
 *
 * @param protocol HTTP/1.1 (keep-alive pool) or HTTP/2 (multiplexed streams)
 * @param maxRequestsPerConnection a connection closes after this many requests; 0 = no limit
 * @param idleTimeout how long a connection without requests stays open; {@code null} = the data
 *     plane's default, {@link Duration#ZERO} = forever (Envoy: 0 disables the timeout)
 */
public record HttpProtocolOptions(
    Protocol protocol, int maxRequestsPerConnection, @Nullable Duration idleTimeout) {

  /** HTTP/1.1, no request limit, the data plane's idle timeout. */
  public static final HttpProtocolOptions DEFAULT = new HttpProtocolOptions(Protocol.HTTP1, 0, null);

  public HttpProtocolOptions {
    requireNonNull(protocol, "protocol");
    if (maxRequestsPerConnection < 0) {
      throw new IllegalArgumentException(
          "maxRequestsPerConnection: " + maxRequestsPerConnection + " (expected: >= 0)");
    }
    if (idleTimeout != null && idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0)");
    }
  }

  /** The idle timeout in nanoseconds: this one, or {@code fallback} when unset. */
  public long idleTimeoutNanos(Duration fallback) {
    Duration d = Optional.ofNullable(idleTimeout).orElse(fallback);
    return d.isZero() ? Long.MAX_VALUE / 4 : d.toNanos();
  }

  /** Upstream HTTP versions. */
  public enum Protocol {
    HTTP1,
    HTTP2
  }
}
