package io.meshbridge.proxy.identity;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The identity provider's settings, from node metadata (docs/xds.md): {@code MESHBRIDGE_CA_ADDRESS}
 * ({@code host:port}; without it the proxy has no identity of its own), {@code
 * MESHBRIDGE_CA_ROOT_FILE} (required with it), {@code MESHBRIDGE_JOIN_TOKEN_FILE} or {@code
 * MESHBRIDGE_SA_TOKEN_FILE}, {@code MESHBRIDGE_IDENTITY_DIR}, {@code MESHBRIDGE_CERT_ROTATION}
 * (default 0.8), and the identity asked for: {@code spiffe://<MESHBRIDGE_TRUST_DOMAIN, default
 * cluster.local>/ns/<NAMESPACE>/sa/<SERVICE_ACCOUNT>}.
 *
 * @param ca pilot's CA address
 * @param caRootFile the roots that sign pilot's serving certificate
 * @param tokenFile the join or service-account token for the first CSR; null = none
 * @param identityDir where the key and chain are kept; null = in memory only
 * @param rotation renew at this fraction of a certificate's lifetime, in (0, 1)
 * @param spiffeId the identity to ask for
 */
public record IdentitySettings(
    HostPort ca, Path caRootFile, @Nullable Path tokenFile, @Nullable Path identityDir,
    double rotation, String spiffeId) {

  public IdentitySettings {
    requireNonNull(ca, "ca");
    requireNonNull(caRootFile, "caRootFile");
    requireNonNull(spiffeId, "spiffeId");
    if (!(rotation > 0 && rotation < 1)) {
      throw new IllegalArgumentException("rotation: " + rotation + " (expected: between 0 and 1)");
    }
  }

  /**
   * The settings in {@code node}'s metadata, or empty without {@code MESHBRIDGE_CA_ADDRESS}.
   *
   * @throws IllegalArgumentException naming the key whose value is bad or missing
   */
  public static Optional<IdentitySettings> fromNode(Node node) {
    Struct m = node.getMetadata();
    String address = string(m, "MESHBRIDGE_CA_ADDRESS");
    if (address == null) {
      return Optional.empty();
    }
    int colon = address.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      port = -1;
    }
    if (colon <= 0 || port < 1 || port > 65535) {
      throw bad("MESHBRIDGE_CA_ADDRESS", "'" + address + "' (expected: host:port)");
    }
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    String root = string(m, "MESHBRIDGE_CA_ROOT_FILE");
    if (root == null) {
      throw bad("MESHBRIDGE_CA_ROOT_FILE", "missing (expected: a PEM file with the CA's roots,"
          + " required with MESHBRIDGE_CA_ADDRESS)");
    }
    String join = string(m, "MESHBRIDGE_JOIN_TOKEN_FILE");
    String sa = string(m, "MESHBRIDGE_SA_TOKEN_FILE");
    if (join != null && sa != null) {
      throw bad("MESHBRIDGE_SA_TOKEN_FILE", "set with MESHBRIDGE_JOIN_TOKEN_FILE (expected: one)");
    }
    String token = join != null ? join : sa;
    String dir = string(m, "MESHBRIDGE_IDENTITY_DIR");
    String rotationText = string(m, "MESHBRIDGE_CERT_ROTATION");
    double rotation = 0.8;
    if (rotationText != null) {
      try {
        rotation = Double.parseDouble(rotationText);
      } catch (NumberFormatException e) {
        rotation = -1;
      }
      if (!(rotation > 0 && rotation < 1)) {
        throw bad("MESHBRIDGE_CERT_ROTATION", "'" + rotationText + "' (expected: a fraction"
            + " between 0 and 1, e.g. 0.8)");
      }
    }
    String namespace = string(m, "NAMESPACE");
    String account = string(m, "SERVICE_ACCOUNT");
    if (namespace == null || account == null) {
      throw bad(namespace == null ? "NAMESPACE" : "SERVICE_ACCOUNT",
          "missing (expected: the workload's identity, required with MESHBRIDGE_CA_ADDRESS)");
    }
    String trustDomain = string(m, "MESHBRIDGE_TRUST_DOMAIN");
    String id = "spiffe://" + (trustDomain == null ? "cluster.local" : trustDomain) + "/ns/"
        + namespace + "/sa/" + account;
    return Optional.of(new IdentitySettings(new HostPort(host, port), Path.of(root),
        token == null ? null : Path.of(token), dir == null ? null : Path.of(dir), rotation, id));
  }

  private static @Nullable String string(Struct metadata, String key) {
    Value v = metadata.getFieldsMap().get(key);
    if (v == null) {
      return null;
    }
    if (!v.hasStringValue() || v.getStringValue().isEmpty()) {
      throw bad(key, v.getKindCase() + " (expected: a non-empty string)");
    }
    return v.getStringValue();
  }

  private static IllegalArgumentException bad(String key, String problem) {
    return new IllegalArgumentException("node.metadata." + key + ": " + problem);
  }
}
