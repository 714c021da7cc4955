package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one response did to one {@link ResourceState}, until it is ACKed or NACKed. Confined to the
 * client's executor.
 */
final class Update<V> {

  final String version;
  final String nonce;
  /** The accepted resources before the response, to revert a listener the data plane refused. */
  final Map<String, Accepted<V>> before;
  /** Names that came in the response and were accepted (changed or not). */
  final Set<String> accepted = new LinkedHashSet<>();
  /** The problem of each rejected resource, by name, in order. */
  final Map<String, String> problems = new LinkedHashMap<>();
  /** Problems that belong to no named resource (one that could not be decoded, ...). */
  final List<String> otherProblems = new ArrayList<>();
  /** The rejected protos, by name. */
  final Map<String, Message> rejected = new HashMap<>();

  Update(String version, String nonce, Map<String, Accepted<V>> before) {
    this.version = requireNonNull(version, "version");
    this.nonce = requireNonNull(nonce, "nonce");
    this.before = Map.copyOf(before);
  }

  /** Records why resource {@code name} was rejected ({@code resource} is null if unknown). */
  void reject(String name, String problem, @Nullable Message resource) {
    accepted.remove(name);
    problems.put(name, problem);
    if (resource != null) {
      rejected.put(name, resource);
    }
  }

  /** The NACK's {@code error_detail} message, one problem a line, or {@code null} to ACK. */
  @Nullable String errorDetail() {
    if (problems.isEmpty() && otherProblems.isEmpty()) {
      return null;
    }
    List<String> all = new ArrayList<>(problems.values());
    all.addAll(otherProblems);
    return String.join("\n", all);
  }
}
