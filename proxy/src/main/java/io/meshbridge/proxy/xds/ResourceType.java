package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.RouteConfig;
import io.meshbridge.proxy.config.TlsSecret;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One xDS resource type as this client handles it: its type URL, how its resources are named and
 * converted, and whether it is subscribed to as a wildcard (LDS, CDS) or by name (RDS, EDS).
 *
 * @param <M> the Envoy proto
 * @param <V> what the converter makes of it
 */
final class ResourceType<M extends Message, V> {

  /** A converter from the Envoy proto; see the {@code *Converter} classes. */
  @FunctionalInterface
  interface Converter<M, V> {
    V convert(M resource) throws InvalidResourceException;
  }

  static final ResourceType<Listener, ListenerResource> LDS = new ResourceType<>(
      "lds", "Listener", Listener.getDefaultInstance(), true, Listener::getName,
      ListenerConverter::convert);
  static final ResourceType<RouteConfiguration, RouteConfig> RDS = new ResourceType<>(
      "rds", "RouteConfiguration", RouteConfiguration.getDefaultInstance(), false,
      RouteConfiguration::getName, RouteConverter::convert);
  static final ResourceType<Cluster, ClusterResource> CDS = new ResourceType<>(
      "cds", "Cluster", Cluster.getDefaultInstance(), true, Cluster::getName,
      ClusterConverter::convert);
  static final ResourceType<ClusterLoadAssignment, List<EndpointConfig>> EDS = new ResourceType<>(
      "eds", "ClusterLoadAssignment", ClusterLoadAssignment.getDefaultInstance(), false,
      ClusterLoadAssignment::getClusterName, EndpointConverter::convert);

  static final ResourceType<Secret, TlsSecret> SDS = new ResourceType<>(
      "sds", "Secret", Secret.getDefaultInstance(), false, Secret::getName,
      SecretConverter::convert);

  /** All types, in the order Envoy sends its initial requests (clusters before listeners). */
  static final List<ResourceType<?, ?>> ALL = List.of(CDS, EDS, LDS, RDS, SDS);

  private final String label;
  private final String kind;
  private final M prototype;
  private final boolean wildcard;
  private final Function<M, String> name;
  private final Converter<M, V> converter;

  private ResourceType(String label, String kind, M prototype, boolean wildcard,
      Function<M, String> name, Converter<M, V> converter) {
    this.label = requireNonNull(label, "label");
    this.kind = requireNonNull(kind, "kind");
    this.prototype = requireNonNull(prototype, "prototype");
    this.wildcard = wildcard;
    this.name = requireNonNull(name, "name");
    this.converter = requireNonNull(converter, "converter");
  }

  /** The type for {@code typeUrl}, or {@code null} if this client does not subscribe to it. */
  static @Nullable ResourceType<?, ?> forTypeUrl(String typeUrl) {
    for (ResourceType<?, ?> type : ALL) {
      if (type.typeUrl().equals(typeUrl)) {
        return type;
      }
    }
    return null;
  }

  /** Short name for stats and logs: {@code lds}, {@code rds}, {@code cds} or {@code eds}. */
  String label() {
    return label;
  }

  /** The resource kind in messages: {@code Listener}, {@code Cluster}, ... */
  String kind() {
    return kind;
  }

  String typeUrl() {
    return "type.googleapis.com/" + prototype.getDescriptorForType().getFullName();
  }

  @SuppressWarnings("unchecked") // the class of the prototype, which is an M
  Class<M> messageClass() {
    return (Class<M>) prototype.getClass();
  }

  /** LDS and CDS are wildcards: a response lists all resources, and a missing one is deleted. */
  boolean wildcard() {
    return wildcard;
  }

  String nameOf(M resource) {
    return name.apply(resource);
  }

  V convert(M resource) throws InvalidResourceException {
    return converter.convert(resource);
  }

  @Override
  public String toString() {
    return label.toUpperCase(Locale.ROOT);
  }
}
