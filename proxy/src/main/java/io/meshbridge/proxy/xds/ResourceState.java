package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The client's state for one resource type, with Envoy's semantics: a response's good resources
 * replace their previous versions, a bad one keeps its previous accepted version, and a resource is
 * deleted when a state-of-the-world response of a wildcard type does not list it or a delta
 * response names it removed. Confined to the client's executor.
 */
final class ResourceState<M extends Message, V> {

  private final ResourceType<M, V> type;
  private final Map<String, Accepted<V>> accepted = new TreeMap<>();
  private final Map<String, Rejection> rejected = new TreeMap<>();
  private final Set<String> subscribed = new TreeSet<>();
  private final Set<String> received = new HashSet<>();
  private String version = "";
  private boolean responded;
  private @Nullable Nack lastNack;

  ResourceState(ResourceType<M, V> type) {
    this.type = requireNonNull(type, "type");
  }

  ResourceType<M, V> type() {
    return type;
  }

  /** The version of the last response accepted whole: what requests carry as version_info. */
  String version() {
    return version;
  }

  Map<String, Accepted<V>> accepted() {
    return Collections.unmodifiableMap(accepted);
  }

  Collection<V> values() {
    List<V> values = new ArrayList<>(accepted.size());
    accepted.values().forEach(a -> values.add(a.value()));
    return values;
  }

  /** Applies a response's resources to the accepted state; ACK or NACK follows in complete(). */
  Update<V> apply(XdsResponse response, Instant now) {
    Update<V> update = new Update<>(response.version(), response.nonce(), accepted);
    Map<String, M> incoming = new LinkedHashMap<>();
    Map<String, @Nullable String> versions = new HashMap<>();
    Set<String> present = new HashSet<>();
    boolean allNamed = true;
    for (int i = 0; i < response.resources().size(); i++) {
      XdsResponse.Item item = response.resources().get(i);
      String at = "resources[" + i + "]";
      M resource;
      try {
        resource = decode(item.resource());
      } catch (InvalidProtocolBufferException e) {
        update.otherProblems.add(type.kind() + " " + at + ": cannot be decoded: " + e.getMessage());
        allNamed = false;
        continue;
      }
      String name = type.nameOf(resource);
      if (name.isEmpty()) {
        update.otherProblems.add(type.kind() + " " + at + ": name: missing");
        allNamed = false;
      } else if (!type.wildcard() && !subscribed.contains(name)) {
        continue; // not (or no longer) asked for
      } else if (!item.name().isEmpty() && !item.name().equals(name)) {
        update.reject(item.name(), type.kind() + " " + item.name() + ": name: '" + name
            + "' (expected: '" + item.name() + "', the name of its delta Resource)", resource);
      } else if (!present.add(name)) {
        incoming.remove(name);
        update.reject(name, type.kind() + " " + name + ": listed twice in one response", resource);
      } else {
        incoming.put(name, resource);
        versions.put(name, item.version());
      }
    }
    for (Map.Entry<String, M> entry : incoming.entrySet()) {
      convert(entry.getKey(), entry.getValue(), versions.get(entry.getKey()), update, now);
    }
    received.addAll(present);
    if (response.stateOfTheWorld() && type.wildcard() && allNamed) {
      accepted.keySet().retainAll(present);
      rejected.keySet().retainAll(present);
    }
    for (String name : response.removed()) {
      accepted.remove(name);
      rejected.remove(name);
      if (subscribed.contains(name)) {
        received.add(name); // known not to exist: fetched
      }
    }
    responded = true;
    return update;
  }

  /**
   * Converts {@code resource} unless it equals the accepted one. {@code ownVersion} is a delta
   * resource's own version (what initial_resource_versions repeats), else null: the response's.
   */
  private void convert(String name, M resource, @Nullable String ownVersion, Update<V> update,
      Instant now) {
    Accepted<V> previous = accepted.get(name);
    String version = ownVersion != null ? ownVersion : update.version;
    if (previous == null || !previous.resource().equals(resource)) {
      try {
        V value = type.convert(resource);
        accepted.put(name, new Accepted<>(name, resource, value, version, now));
      } catch (InvalidResourceException e) {
        update.reject(name, e.getMessage(), resource);
        return;
      }
    } else if (ownVersion != null && !ownVersion.equals(previous.version())) {
      accepted.put(name, new Accepted<>(name, resource, previous.value(), version, now));
    }
    update.accepted.add(name);
  }

  private M decode(Any any) throws InvalidProtocolBufferException {
    if (any.is(Resource.class)) { // some servers wrap each resource
      any = any.unpack(Resource.class).getResource();
    }
    return any.unpack(type.messageClass());
  }

  /**
   * Puts back the version of {@code name} accepted before {@code update} (or removes it if there
   * was none) because the data plane could not apply it, and records why.
   */
  void revert(String name, String problem, Update<V> update) {
    Accepted<V> refused = accepted.remove(name);
    Accepted<V> previous = update.before.get(name);
    if (previous != null) {
      accepted.put(name, previous);
    }
    update.reject(name, problem, refused != null ? refused.resource() : null);
  }

  /**
   * Records the outcome of {@code update}: the new version on success, else the NACK.
   *
   * @return whether it is a NACK with the same message as the last one (a resend)
   */
  boolean complete(Update<V> update, Instant now) {
    update.accepted.forEach(rejected::remove);
    update.problems.forEach((name, problem) ->
        rejected.put(name, new Rejection(update.rejected.get(name), update.version, now, problem)));
    String error = update.errorDetail();
    if (error == null) {
      version = update.version;
      return false;
    }
    boolean repeated = lastNack != null && lastNack.message().equals(error);
    lastNack = new Nack(update.version, update.nonce, now, error);
    return repeated;
  }

  /**
   * Sets the names subscribed to (RDS, EDS) and forgets the state of names no longer wanted.
   *
   * @return whether the names changed
   */
  boolean subscribe(Set<String> names) {
    if (subscribed.equals(names)) {
      return false;
    }
    subscribed.clear();
    subscribed.addAll(names);
    accepted.keySet().retainAll(names);
    rejected.keySet().retainAll(names);
    received.retainAll(names);
    return true;
  }

  /** The version of each accepted resource, by name: delta's initial_resource_versions. */
  Map<String, String> resourceVersions() {
    Map<String, @Nullable String> versions = new HashMap<>();
    accepted.forEach((name, resource) -> versions.put(name, resource.version()));
    return versions;
  }

  /** The names to request: empty for a wildcard type. */
  List<String> resourceNames() {
    return type.wildcard() ? List.of() : List.copyOf(subscribed);
  }

  /** Subscribed names no response has answered yet (for a named type), sorted. */
  List<String> missing() {
    return subscribed.stream().filter(name -> !received.contains(name)).toList();
  }

  /** Envoy's initial fetch: a wildcard type got a response; a named one got every name. */
  boolean initialFetchDone() {
    return type.wildcard() ? responded : received.containsAll(subscribed);
  }

  /** An immutable copy for the config dump. */
  TypeDump dump() {
    return new TypeDump(type, version, List.copyOf(accepted.values()), rejected, lastNack);
  }
}
