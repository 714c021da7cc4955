package io.meshbridge.proxy.xds;

import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link XdsSnapshot} through the same conversion as pilot's responses ({@link
 * ResourceState#apply}) into a fresh {@link XdsState}, all or nothing: a resource that does not
 * convert, or a referenced RDS, EDS or SDS resource that is missing, rejects the whole snapshot.
 * Order as an initial fetch: CDS and LDS, then the names they reference.
 */
final class SnapshotPreload {

  private SnapshotPreload() {}

  /**
   * The state {@code snapshot} makes.
   *
   * @throws IllegalArgumentException naming every problem, when it cannot be used whole
   */
  static XdsState load(XdsSnapshot snapshot, Instant now) {
    Map<String, DeltaDiscoveryResponse> byType = new HashMap<>();
    snapshot.responses().forEach(r -> byType.put(r.getTypeUrl(), r));
    XdsState state = new XdsState();
    List<String> problems = new ArrayList<>();
    apply(state, ResourceType.CDS, byType, now, problems);
    apply(state, ResourceType.LDS, byType, now, problems);
    state.updateSubscriptions();
    apply(state, ResourceType.EDS, byType, now, problems);
    apply(state, ResourceType.RDS, byType, now, problems);
    apply(state, ResourceType.SDS, byType, now, problems);
    for (ResourceType<?, ?> type : ResourceType.ALL) {
      List<String> missing = state.of(type).missing();
      if (!missing.isEmpty()) {
        problems.add(type + ": missing " + missing + " (referenced by the accepted resources)");
      }
    }
    if (!state.initialFetchDone() && problems.isEmpty()) {
      problems.add("LDS and CDS: not both present");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return state;
  }

  private static void apply(XdsState state, ResourceType<?, ?> type,
      Map<String, DeltaDiscoveryResponse> byType, Instant now, List<String> problems) {
    DeltaDiscoveryResponse response = byType.get(type.typeUrl());
    if (response == null) {
      return;
    }
    ResourceState<?, ?> typeState = state.of(type);
    complete(typeState, XdsResponse.of(response), now, problems);
  }

  private static <V> void complete(ResourceState<?, V> typeState, XdsResponse response,
      Instant now, List<String> problems) {
    Update<V> update = typeState.apply(response, now);
    String error = update.errorDetail();
    if (error != null) {
      problems.add(typeState.type() + " " + update.version + ": " + error);
    }
    typeState.complete(update, now);
  }
}
