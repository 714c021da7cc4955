package io.meshbridge.pilot.xds;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  private Map<Message, byte[]> previous = Map.of();

  /** A hex SHA-256 prefix over the digests of {@code resources}, in order. */
  String of(List<? extends Message> resources) {
    Map<Message, byte[]> current = new HashMap<>(resources.size() * 2);
    Hasher hasher = SHA256.newHasher();
    for (Message resource : resources) {
      hasher.putBytes(current.computeIfAbsent(resource, this::digest));
    }
    previous = current;
    return hasher.hash().toString().substring(0, 16);
  }

  /** The previous push's digest of {@code resource}, or a new one. */
  private byte[] digest(Message resource) {
    byte[] known = previous.get(resource);
    return known != null ? known : SHA256.hashBytes(deterministicBytes(resource)).asBytes();
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
