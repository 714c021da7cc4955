package io.meshbridge.proxy.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a cluster's connections are secured: its {@code transport_socket} and {@code
 * transport_socket_matches} (auto mTLS). The first match whose keys all equal the endpoint's
 * {@code envoy.transport_socket_match} metadata wins, else the cluster's transport socket.
 *
 * @param socket the cluster's {@code transport_socket}; null = plaintext
 * @param matches the {@code transport_socket_matches}, in order
 */
public record ClusterTransport(@Nullable UpstreamTlsConfig socket, List<Match> matches) {

  /** Plaintext for every endpoint. */
  public static final ClusterTransport PLAINTEXT = new ClusterTransport(null, List.of());

  public ClusterTransport {
    matches = List.copyOf(matches);
  }

  /**
   * One {@code transport_socket_matches} entry.
   *
   * @param name for logs
   * @param match keys and values the endpoint's metadata must all have
   * @param socket the TLS settings, or null for {@code raw_buffer}
   */
  public record Match(String name, Map<String, String> match, @Nullable UpstreamTlsConfig socket) {
    public Match {
      java.util.Objects.requireNonNull(name, "name");
      match = Map.copyOf(match);
    }
  }

  /** The TLS settings for an endpoint with {@code envoy.transport_socket_match} metadata. */
  public @Nullable UpstreamTlsConfig forEndpoint(Map<String, String> endpointMatch) {
    for (Match m : matches) {
      if (endpointMatch.entrySet().containsAll(m.match().entrySet())) {
        return m.socket();
      }
    }
    return socket;
  }

  /** Every TLS configuration this cluster may use. */
  public List<UpstreamTlsConfig> all() {
    List<UpstreamTlsConfig> all = new java.util.ArrayList<>();
    if (socket != null) {
      all.add(socket);
    }
    for (Match m : matches) {
      if (m.socket() != null) {
        all.add(m.socket());
      }
    }
    return all;
  }
}
