package io.meshbridge.pilot.xds;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The version of one resource type: a hash of its resources' bytes, so that a type whose content
 * did not change keeps its version and java-control-plane pushes nothing for it.
 */
final class TypeVersions {

  /** A hex SHA-256 prefix over the deterministic serialization of {@code resources}, in order. */
  static String of(List<? extends Message> resources) {
    Hasher hasher = Hashing.sha256().newHasher();
    for (Message resource : resources) {
      byte[] bytes = deterministicBytes(resource);
      hasher.putInt(bytes.length).putBytes(bytes);
    }
    return hasher.hash().toString().substring(0, 16);
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

  private TypeVersions() {}
}
