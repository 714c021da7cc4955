package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.meshbridge.pilot.policy.PeerAuthentication;
import io.meshbridge.pilot.translate.security.MeshTls;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.util.List;

/**
 * An inbound listener's filter chains for a PeerAuthentication mode: STRICT one mTLS chain,
 * PERMISSIVE that chain and a plaintext one (told apart by the TLS inspector), DISABLE one
 * plaintext chain without a match.
 */
final class InboundChains {

  static List<FilterChain> forMode(
      PeerAuthentication.Mode mode,
      List<Filter> filters,
      ProxyWorkload.Inbound in,
      SecuritySettings security) {
    FilterChain tls =
        FilterChain.newBuilder()
            .setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol("tls"))
            .setTransportSocket(MeshTls.downstream(security.trustDomain(), in.protocol().isHttp()))
            .addAllFilters(filters)
            .build();
    return switch (mode) {
      case STRICT -> List.of(tls);
      case DISABLE -> List.of(FilterChain.newBuilder().addAllFilters(filters).build());
      case PERMISSIVE, UNSET ->
          List.of(
              tls,
              FilterChain.newBuilder()
                  .setFilterChainMatch(
                      FilterChainMatch.newBuilder().setTransportProtocol("raw_buffer"))
                  .addAllFilters(filters)
                  .build());
    };
  }

  private InboundChains() {}
}
