package io.meshbridge.pilot.translate;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.List;

/** The message types the security translation packs into {@code Any}, for printing and checks. */
final class SecurityTypes {

  static final List<Descriptor> DESCRIPTORS =
      List.of(
          io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
              .getDescriptor(),
          io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
              .getDescriptor(),
          io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer.getDescriptor(),
          io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor(),
          io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor());

  private SecurityTypes() {}
}
