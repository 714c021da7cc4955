package io.meshbridge.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the xDS client accepted, to start a proxy with when pilot is unreachable (the VM agent's
 * {@code last-config}): one {@link DeltaDiscoveryResponse} per type, whose {@code
 * system_version_info} is the type's accepted version and whose {@code resources} are the accepted
 * Envoy resources, each with its name and own version (what delta's {@code
 * initial_resource_versions} repeats on the next connect).
 *
 * <p>Bytes ({@link #toBytes}, {@link #parse}): the line {@code meshbridge-xds-snapshot 1}, then the
 * responses length-delimited ({@code writeDelimitedTo}), CDS, EDS, LDS, RDS, SDS. {@link #parse}
 * checks the shape (known types, LDS and CDS present, each resource named, packed as its type);
 * whether the resources themselves are valid is decided when the client converts them.
 *
 * @param responses one per type, each type at most once
 */
public record XdsSnapshot(List<DeltaDiscoveryResponse> responses) {

  private static final byte[] MAGIC =
      "meshbridge-xds-snapshot 1\n".getBytes(StandardCharsets.US_ASCII);

  public XdsSnapshot {
    responses = List.copyOf(responses);
  }

  /** The accepted version per type label ({@code LDS}, {@code CDS}, ...), as XdsStatus names them. */
  public Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    for (DeltaDiscoveryResponse response : responses) {
      ResourceType<?, ?> type = ResourceType.forTypeUrl(response.getTypeUrl());
      versions.put(type == null ? response.getTypeUrl() : type.toString(),
          response.getSystemVersionInfo());
    }
    return versions;
  }

  /** Every type's accepted resources and version in {@code dump} (all types, even empty ones). */
  static XdsSnapshot of(List<TypeDump> dump) {
    List<DeltaDiscoveryResponse> responses = new ArrayList<>(dump.size());
    for (TypeDump type : dump) {
      DeltaDiscoveryResponse.Builder response = DeltaDiscoveryResponse.newBuilder()
          .setTypeUrl(type.type().typeUrl())
          .setSystemVersionInfo(type.version());
      for (Accepted<?> accepted : type.accepted()) {
        response.addResources(Resource.newBuilder()
            .setName(accepted.name())
            .setVersion(accepted.version())
            .setResource(Any.pack(accepted.resource())));
      }
      responses.add(response.build());
    }
    return new XdsSnapshot(responses);
  }

  /** The file format described above. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.write(MAGIC);
      for (DeltaDiscoveryResponse response : responses) {
        response.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e); // never: a byte array
    }
    return out.toByteArray();
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws UncheckedIOException if it cannot be read
   * @throws IllegalArgumentException if it is not a valid snapshot: the message names the file and
   *     the field
   */
  public static XdsSnapshot read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return parse(file.toString(), bytes);
  }

  /**
   * Parses and checks {@code bytes}, which came from {@code source} (named in errors).
   *
   * @throws IllegalArgumentException naming {@code source} and the field, e.g. {@code
   *     last-config: responses[2].resources[0].name: missing}
   */
  public static XdsSnapshot parse(String source, byte[] bytes) {
    requireNonNull(source, "source");
    if (bytes.length < MAGIC.length
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException(source + ": header: missing (expected: the line '"
          + new String(MAGIC, StandardCharsets.US_ASCII).trim() + "')");
    }
    InputStream in = new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - MAGIC.length);
    Map<String, DeltaDiscoveryResponse> byType = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      String at = source + ": responses[" + i + "]";
      DeltaDiscoveryResponse response;
      try {
        response = DeltaDiscoveryResponse.parseDelimitedFrom(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            at + ": not a DeltaDiscoveryResponse (" + e.getMessage() + ")", e);
      }
      if (response == null) {
        break; // end of the file
      }
      check(at, response);
      if (byType.put(response.getTypeUrl(), response) != null) {
        throw new IllegalArgumentException(at + ".type_url: " + response.getTypeUrl()
            + " listed twice (expected: each type once)");
      }
    }
    for (ResourceType<?, ?> wildcard : List.of(ResourceType.LDS, ResourceType.CDS)) {
      if (!byType.containsKey(wildcard.typeUrl())) {
        throw new IllegalArgumentException(source + ": responses: no " + wildcard
            + " (expected: " + wildcard.typeUrl() + ")");
      }
    }
    return new XdsSnapshot(List.copyOf(byType.values()));
  }

  private static <M extends Message> String nameIn(ResourceType<M, ?> type, Any packed)
      throws InvalidProtocolBufferException {
    return type.nameOf(packed.unpack(type.messageClass()));
  }

  private static void check(String at, DeltaDiscoveryResponse response) {
    ResourceType<?, ?> type = ResourceType.forTypeUrl(response.getTypeUrl());
    if (type == null) {
      throw new IllegalArgumentException(at + ".type_url: '" + response.getTypeUrl()
          + "' (expected: a type this proxy subscribes to)");
    }
    Set<String> names = new HashSet<>();
    for (int j = 0; j < response.getResourcesCount(); j++) {
      Resource resource = response.getResources(j);
      String field = at + ".resources[" + j + "]";
      if (resource.getName().isEmpty()) {
        throw new IllegalArgumentException(field + ".name: missing");
      }
      if (!names.add(resource.getName())) {
        throw new IllegalArgumentException(field + ".name: '" + resource.getName()
            + "' listed twice (expected: unique names)");
      }
      Any packed = resource.getResource();
      if (!packed.getTypeUrl().equals(type.typeUrl())) {
        throw new IllegalArgumentException(field + ".resource.type_url: '" + packed.getTypeUrl()
            + "' (expected: " + type.typeUrl() + ")");
      }
      try {
        String name = nameIn(type, packed);
        if (!name.equals(resource.getName())) {
          throw new IllegalArgumentException(field + ".resource: named '" + name
              + "' (expected: '" + resource.getName() + "')");
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(
            field + ".resource: not a " + type.kind() + " (" + e.getMessage() + ")", e);
      }
    }
  }
}
