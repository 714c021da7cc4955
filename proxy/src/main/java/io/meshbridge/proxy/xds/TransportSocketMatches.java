package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.UpstreamTlsConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A cluster's {@code transport_socket} and {@code transport_socket_matches} → {@link
 * ClusterTransport}, and an endpoint's {@code envoy.transport_socket_match} metadata (string values
 * only, as Istio writes them).
 */
final class TransportSocketMatches {

  static final String METADATA_KEY = "envoy.transport_socket_match";

  private TransportSocketMatches() {}

  static ClusterTransport cluster(Cluster cluster, FieldChecker check)
      throws InvalidResourceException {
    @Nullable UpstreamTlsConfig socket = cluster.hasTransportSocket()
        ? TransportSockets.upstream(cluster.getTransportSocket(), check, "transport_socket")
        : null;
    List<ClusterTransport.Match> matches = new ArrayList<>();
    for (int i = 0; i < cluster.getTransportSocketMatchesCount(); i++) {
      String path = at("transport_socket_matches", i);
      Cluster.TransportSocketMatch m = cluster.getTransportSocketMatches(i);
      check.onlySupported(m, path, "name", "match", "transport_socket");
      Map<String, String> match = strings(m.getMatch(), check, join(path, "match"));
      @Nullable UpstreamTlsConfig tls = m.hasTransportSocket()
          ? TransportSockets.upstream(m.getTransportSocket(), check, join(path, "transport_socket"))
          : null;
      matches.add(new ClusterTransport.Match(m.getName(), match, tls));
    }
    return matches.isEmpty() && socket == null
        ? ClusterTransport.PLAINTEXT
        : new ClusterTransport(socket, matches);
  }

  static Map<String, String> endpointMetadata(Metadata metadata, FieldChecker check, String path)
      throws InvalidResourceException {
    Struct match = metadata.getFilterMetadataMap().get(METADATA_KEY);
    return match == null
        ? Map.of()
        : strings(match, check, join(path, "filter_metadata[\"" + METADATA_KEY + "\"]"));
  }

  private static Map<String, String> strings(Struct struct, FieldChecker check, String path)
      throws InvalidResourceException {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
      if (!e.getValue().hasStringValue()) {
        throw check.invalid(path + "[\"" + e.getKey() + "\"]",
            e.getValue().getKindCase() + " (expected: a string)");
      }
      result.put(e.getKey(), e.getValue().getStringValue());
    }
    return result;
  }
}
