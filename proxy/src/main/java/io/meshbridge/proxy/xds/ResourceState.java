package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 * replace their previous versions, a bad one keeps its previous accepted version, and for a
 * wildcard type a resource missing from the response is deleted. Confined to the client's
 * executor.
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
  Update<V> apply(DiscoveryResponse response, Instant now) {
    Update<V> update = new Update<>(response.getVersionInfo(), response.getNonce(), accepted);
    Map<String, M> incoming = new LinkedHashMap<>();
    Set<String> present = new HashSet<>();
    boolean allNamed = true;
    for (int i = 0; i < response.getResourcesCount(); i++) {
      String at = "resources[" + i + "]";
      M resource;
      try {
        resource = decode(response.getResources(i));
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
      } else if (!present.add(name)) {
        incoming.remove(name);
        update.reject(name, type.kind() + " " + name + ": listed twice in one response", resource);
      } else {
        incoming.put(name, resource);
      }
    }
    for (Map.Entry<String, M> entry : incoming.entrySet()) {
      convert(entry.getKey(), entry.getValue(), update, now);
    }
    received.addAll(present);
    if (type.wildcard() && allNamed) {
      accepted.keySet().retainAll(present);
      rejected.keySet().retainAll(present);
    }
    responded = true;
    return update;
  }

  private void convert(String name, M resource, Update<V> update, Instant now) {
    Accepted<V> previous = accepted.get(name);
    if (previous == null || !previous.resource().equals(resource)) {
      try {
        V value = type.convert(resource);
        accepted.put(name, new Accepted<>(name, resource, value, update.version, now));
      } catch (InvalidResourceException e) {
        update.reject(name, e.getMessage(), resource);
        return;
      }
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

  /** The names to request: empty for a wildcard type. */
  List<String> resourceNames() {
    return type.wildcard() ? List.of() : List.copyOf(subscribed);
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
