package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One response of one type, state of the world or delta, in the one shape {@link ResourceState}
 * applies: the same conversion, partial apply and NACK for both.
 *
 * @param typeUrl the resource type
 * @param version {@code version_info}, or delta's {@code system_version_info}
 * @param nonce what the ACK or NACK of this response carries
 * @param resources the resources in the response
 * @param removed names the server removed (delta's {@code removed_resources}); empty for state of
 *     the world, where a wildcard type's absent resources are the removed ones
 * @param stateOfTheWorld whether the response lists every resource of a wildcard type
 */
record XdsResponse(String typeUrl, String version, String nonce, List<Item> resources,
    List<String> removed, boolean stateOfTheWorld) {

  /**
   * One resource.
   *
   * @param name the name the server gave it (delta's {@code Resource.name}), or {@code ""} if only
   *     the resource itself names it
   * @param version its own version (delta), or {@code null}: the response's
   * @param resource the packed resource
   */
  record Item(String name, @Nullable String version, Any resource) {
    Item {
      requireNonNull(name, "name");
      requireNonNull(resource, "resource");
    }
  }

  XdsResponse {
    requireNonNull(typeUrl, "typeUrl");
    requireNonNull(version, "version");
    requireNonNull(nonce, "nonce");
    resources = List.copyOf(resources);
    removed = List.copyOf(removed);
  }

  static XdsResponse of(DiscoveryResponse response) {
    List<Item> items = new ArrayList<>(response.getResourcesCount());
    response.getResourcesList().forEach(any -> items.add(new Item("", null, any)));
    return new XdsResponse(response.getTypeUrl(), response.getVersionInfo(), response.getNonce(),
        items, List.of(), true);
  }

  static XdsResponse of(DeltaDiscoveryResponse response) {
    List<Item> items = new ArrayList<>(response.getResourcesCount());
    for (Resource resource : response.getResourcesList()) {
      items.add(new Item(resource.getName(), resource.getVersion(), resource.getResource()));
    }
    return new XdsResponse(response.getTypeUrl(), response.getSystemVersionInfo(),
        response.getNonce(), items, response.getRemovedResourcesList(), false);
  }
}
