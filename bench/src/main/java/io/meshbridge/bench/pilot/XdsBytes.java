package io.meshbridge.bench.pilot;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a simulated proxy reads from resources, cheaply: the name (field 1 of Cluster, Listener,
 * RouteConfiguration and ClusterLoadAssignment alike) without parsing the rest, the RDS names of a
 * listener, and the clock's tick.
 */
public final class XdsBytes {

  private XdsBytes() {}

  /** Field 1 (a string) of a serialized message; serializers write fields in number order. */
  public static String name(ByteString message) {
    try {
      CodedInputStream in = message.newCodedInput();
      int tag = in.readTag();
      if (tag != ((1 << 3) | 2)) {
        throw new IllegalStateException("resource without a name (first tag " + tag + ")");
      }
      return in.readStringRequireUtf8();
    } catch (IOException e) {
      throw new UncheckedIOException("reading a resource name", e);
    }
  }

  /** Adds the route configuration names a listener's HTTP connection managers use. */
  static void routeNames(Any listener, Set<String> into) {
    try {
      for (FilterChain chain : listener.unpack(Listener.class).getFilterChainsList()) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
            HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
            if (hcm.hasRds()) {
              into.add(hcm.getRds().getRouteConfigName());
            }
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("listener does not parse", e);
    }
  }

  /** The tick in the clock's load assignment, or -1 if it has none. */
  static long tick(ByteString clockAssignment) {
    try {
      ClusterLoadAssignment cla = ClusterLoadAssignment.parseFrom(clockAssignment);
      for (LocalityLbEndpoints locality : cla.getEndpointsList()) {
        for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
          @Nullable Struct meshbridge =
              endpoint.getMetadata().getFilterMetadataOrDefault("meshbridge", null);
          if (meshbridge == null) {
            continue;
          }
          @Nullable Value labels = meshbridge.getFieldsOrDefault("labels", null);
          @Nullable Value tick =
              labels == null
                  ? null
                  : labels
                      .getStructValue()
                      .getFieldsOrDefault(SyntheticMesh.Clock.TICK_LABEL, null);
          if (tick != null) {
            return Long.parseLong(tick.getStringValue());
          }
        }
      }
      return -1;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("clock assignment does not parse", e);
    }
  }
}
