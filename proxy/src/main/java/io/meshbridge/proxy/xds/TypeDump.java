package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An immutable copy of one type's state, for the config dump. */
record TypeDump(
    ResourceType<?, ?> type,
    String version,
    List<Accepted<?>> accepted,
    Map<String, Rejection> rejected,
    @Nullable Nack lastNack) {

  TypeDump {
    requireNonNull(type, "type");
    requireNonNull(version, "version");
    accepted = List.copyOf(accepted);
    rejected = Map.copyOf(rejected);
  }
}
