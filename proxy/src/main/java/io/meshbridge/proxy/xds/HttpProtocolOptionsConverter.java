package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.HttpProtocolOptions.Protocol;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A cluster's {@code typed_extension_protocol_options["envoy.extensions.upstreams.http.v3
 * .HttpProtocolOptions"]} → {@link HttpProtocolOptions}: {@code explicit_http_config} with empty
 * {@code http_protocol_options} or {@code http2_protocol_options}, and {@code
 * common_http_protocol_options} {@code max_requests_per_connection} and {@code idle_timeout}.
 * Every other field, and any other extension key, is rejected by name.
 */
public final class HttpProtocolOptionsConverter {

  /** The key Envoy reads these options under (the extension's name). */
  public static final String KEY = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private static final String FIELD = "typed_extension_protocol_options";

  private HttpProtocolOptionsConverter() {}

  /** The cluster's HTTP protocol options, {@link HttpProtocolOptions#DEFAULT} when it has none. */
  static HttpProtocolOptions convert(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    Map<String, Any> options = cluster.getTypedExtensionProtocolOptionsMap();
    for (String key : options.keySet()) {
      if (!key.equals(KEY)) {
        throw check.invalid(
            FIELD + "[\"" + key + "\"]", "not supported (supported: " + KEY + ")");
      }
    }
    Any any = options.get(KEY);
    if (any == null) {
      return HttpProtocolOptions.DEFAULT;
    }
    String path = FIELD + "[\"" + KEY + "\"]";
    if (!ListenerConverter.typeName(any).equals(KEY)) {
      throw check.invalid(path, "'" + any.getTypeUrl() + "' (expected: an " + KEY + ")");
    }
    var proto = ListenerConverter.unpack(
        any, io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.class, check,
        path);
    check.onlySupported(proto, path, "common_http_protocol_options", "explicit_http_config");
    Protocol protocol = proto.hasExplicitHttpConfig()
        ? protocol(proto.getExplicitHttpConfig(), check, join(path, "explicit_http_config"))
        : Protocol.HTTP1;
    var common = proto.getCommonHttpProtocolOptions();
    String commonPath = join(path, "common_http_protocol_options");
    check.onlySupported(common, commonPath, "max_requests_per_connection", "idle_timeout");
    long max = Integer.toUnsignedLong(common.getMaxRequestsPerConnection().getValue());
    if (max > Integer.MAX_VALUE) {
      throw check.invalid(
          join(commonPath, "max_requests_per_connection"),
          max + " (expected: 0.." + Integer.MAX_VALUE + ")");
    }
    @Nullable Duration idle = null;
    if (common.hasIdleTimeout()) {
      com.google.protobuf.Duration value = common.getIdleTimeout();
      if (!Durations.isValid(value) || Durations.isNegative(value)) {
        throw check.invalid(
            join(commonPath, "idle_timeout"),
            ProtoDurations.describe(value) + " (expected: a duration >= 0s, 0s = none)");
      }
      idle = Duration.ofSeconds(value.getSeconds(), value.getNanos());
    }
    return new HttpProtocolOptions(protocol, (int) max, idle);
  }

  private static Protocol protocol(ExplicitHttpConfig explicit, FieldChecker check, String path)
      throws InvalidResourceException {
    switch (explicit.getProtocolConfigCase()) {
      case HTTP_PROTOCOL_OPTIONS:
        check.onlySupported(
            explicit.getHttpProtocolOptions(), join(path, "http_protocol_options"));
        return Protocol.HTTP1;
      case HTTP2_PROTOCOL_OPTIONS:
        check.onlySupported(
            explicit.getHttp2ProtocolOptions(), join(path, "http2_protocol_options"));
        return Protocol.HTTP2;
      default:
        throw check.invalid(
            join(path, "protocol_config"),
            explicit.getProtocolConfigCase()
                + " is not supported (supported: http_protocol_options, http2_protocol_options)");
    }
  }
}
