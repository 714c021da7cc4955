package io.meshbridge.proxy.bootstrap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an Envoy-style bootstrap file: YAML (or JSON, for a {@code .json} file) → JSON → Envoy's
 * {@link Bootstrap} proto with protobuf's JSON parser (unknown fields and duplicate keys are
 * errors) → a validated {@link ProxyBootstrap}. Every error names the file.
 */
public final class BootstrapLoader {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  /**
   * The only {@code Any}s a bootstrap may hold: the xDS cluster's HTTP/2 protocol options and its
   * TLS transport socket (mTLS to pilot).
   */
  private static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder()
          .add(HttpProtocolOptions.getDescriptor())
          .add(UpstreamTlsContext.getDescriptor())
          .build();

  private BootstrapLoader() {}

  /** Reads and validates the bootstrap file at {@code file}; errors name it as given. */
  public static ProxyBootstrap load(Path file) throws BootstrapException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BootstrapException(file + ": cannot be read: " + e, e);
    }
    return parse(file.toString(), text);
  }

  /**
   * Validates bootstrap {@code text}; {@code fileName} names it in errors and, ending in {@code
   * .json}, selects JSON instead of YAML.
   */
  public static ProxyBootstrap parse(String fileName, String text) throws BootstrapException {
    return BootstrapValidator.validate(parseProto(fileName, text), fileName);
  }

  /** Parses bootstrap {@code text} into Envoy's proto, without validating what it says. */
  public static Bootstrap parseProto(String fileName, String text) throws BootstrapException {
    boolean json = fileName.endsWith(".json");
    JsonNode tree;
    try {
      tree = (json ? JSON : YAML).readTree(text);
    } catch (JsonProcessingException e) {
      throw new BootstrapException(
          fileName + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
              + location(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new BootstrapException(fileName + ": expected a mapping at the top (a Bootstrap)");
    }
    Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
    try {
      JsonFormat.parser().usingTypeRegistry(TYPES).merge(tree.toString(), bootstrap);
    } catch (InvalidProtocolBufferException e) {
      throw new BootstrapException(fileName + ": " + e.getMessage(), e);
    }
    return bootstrap.build();
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
            + ")";
  }
}
