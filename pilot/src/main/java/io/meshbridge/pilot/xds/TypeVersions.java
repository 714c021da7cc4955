package io.meshbridge.pilot.xds;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The version of one resource type in one scope, push after push: a hash of its resources'
 * contents, so that a type whose content did not change keeps its version (also across pilot
 * restarts) and java-control-plane pushes nothing for it.
 *
 * <p>Each resource's digest (SHA-256 of its deterministic serialization) is remembered until the
 * next push, keyed by the resource's value: a resource equal to one of the previous push reuses its
 * digest, so only changed resources are serialized and hashed again. Before, every push serialized
 * every resource of every type (a quarter of pilot's CPU under endpoint churn, BENCHMARKS.md).
 * The lookup's {@code hashCode} is memoized in the message, where java-control-plane's
 * per-resource version reads it again. Confined to the publisher's executor.
 */
final class TypeVersions {

  private static final HashFunction SHA256 = Hashing.sha256();

  /** The version of a type with no resources. */
  static final String EMPTY = new TypeVersions().of(List.of());

  /** Resources and their version, each resource equal to one of the previous push that one. */
  record Versioned<T extends Message>(List<T> resources, String version) {
    Versioned {
      resources = List.copyOf(resources);
    }
  }

  /** A resource of the last push and its digest. */
  private record Known(Message instance, byte[] digest) {}

  private Map<Message, Known> previous = Map.of();

  /** A hex SHA-256 prefix over the digests of {@code resources}, in order. */
  String of(List<? extends Message> resources) {
    return versioned(resources).version();
  }

  /**
   * {@code resources}' version, as {@link #of}, and the resources with each one equal to a
   * resource of the previous push replaced by that instance. Pilot translates every resource
   * afresh on each push; without this, every snapshot a cache keeps (java-control-plane's previous
   * one, {@link CatchUpCache}'s history) held its own copy of every resource, and 16 versions of
   * 10,000 endpoints ran pilot out of a 768 MB heap (BENCHMARKS.md). With it, versions share what
   * did not change, and an unchanged resource keeps its memoized hash code and packed form.
   */
  <T extends Message> Versioned<T> versioned(List<T> resources) {
    Map<Message, Known> current = new HashMap<>(resources.size() * 2);
    List<T> canonical = new ArrayList<>(resources.size());
    Hasher hasher = SHA256.newHasher();
    for (T resource : resources) {
      Known known = current.computeIfAbsent(resource, this::known);
      // Equal messages have one descriptor, hence one generated class: the instance is a T.
      @SuppressWarnings("unchecked")
      T same = (T) known.instance();
      canonical.add(same);
      hasher.putBytes(known.digest());
    }
    previous = current;
    return new Versioned<>(canonical, hasher.hash().toString().substring(0, 16));
  }

  /** The previous push's instance equal to {@code resource} and its digest, or new ones. */
  private Known known(Message resource) {
    Known known = previous.get(resource);
    return known != null
        ? known
        : new Known(resource, SHA256.hashBytes(deterministicBytes(resource)).asBytes());
  }

  private static byte[] deterministicBytes(Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.getSerializedSize());
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.useDeterministicSerialization();
    try {
      message.writeTo(coded);
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("serializing " + message.getDescriptorForType(), e);
    }
    return out.toByteArray();
  }
}
