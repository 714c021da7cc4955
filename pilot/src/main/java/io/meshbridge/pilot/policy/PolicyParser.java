package io.meshbridge.pilot.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the documents of one YAML file ({@code ---} separated) into resources; each document that
 * is not a supported Istio resource (VirtualService, DestinationRule, ServiceEntry, WorkloadEntry,
 * WorkloadGroup, PeerAuthentication, AuthorizationPolicy) becomes a {@link Rejection} on its own.
 */
public final class PolicyParser {

  /** The API versions accepted, as Istio serves them. */
  public static final Set<String> API_VERSIONS =
      Set.of(
          "networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3");

  /** The API versions accepted for PeerAuthentication and AuthorizationPolicy. */
  public static final Set<String> SECURITY_API_VERSIONS =
      Set.of("security.istio.io/v1", "security.istio.io/v1beta1");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status");

  /** What one file holds. */
  public record Result(List<PolicyResource> resources, List<Rejection> rejections) {
    public Result {
      resources = List.copyOf(resources);
      rejections = List.copyOf(rejections);
    }
  }

  /**
   * Parses {@code text}, the content of {@code file}.
   *
   * @throws InvalidPolicyFileException if the file is not YAML at all, with the line of the error
   */
  public static Result parse(String file, String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        documents.add(it.nextValue());
      }
    } catch (JsonProcessingException e) {
      throw new InvalidPolicyFileException(
          file + ": line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidPolicyFileException(file + ": " + e.getMessage());
    }
    List<PolicyResource> resources = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode doc = documents.get(i);
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue; // an empty document, e.g. after a trailing ---
      }
      String source = file + "#" + (i + 1);
      Result one = parse(doc, source);
      resources.addAll(one.resources());
      rejections.addAll(one.rejections());
    }
    return new Result(resources, rejections);
  }

  /**
   * Parses one document, e.g. an object read from the Kubernetes API: a result with either the
   * resource or its rejection.
   */
  public static Result parse(JsonNode doc, String source) {
    try {
      return new Result(List.of(document(new Field("", doc), source)), List.of());
    } catch (InvalidPolicyException e) {
      return new Result(List.of(), List.of(new Rejection(kind(doc), name(doc), source, e.getMessage())));
    }
  }

  private static PolicyResource document(Field doc, String source) {
    doc.only(TOP);
    String apiVersion = doc.child("apiVersion").text();
    String kind = doc.child("kind").text();
    boolean security = kind.equals(PeerAuthentication.KIND) || kind.equals(AuthorizationPolicy.KIND);
    if (security && !SECURITY_API_VERSIONS.contains(apiVersion)) {
      throw doc.child("apiVersion")
          .error("'" + apiVersion + "' (expected: security.istio.io/v1 or v1beta1)");
    }
    if (!security && !API_VERSIONS.contains(apiVersion)) {
      throw doc.child("apiVersion")
          .error("'" + apiVersion + "' (expected: networking.istio.io/v1, v1beta1 or v1alpha3)");
    }
    Field metadata = doc.child("metadata");
    String name = metadata.child("name").text();
    String namespace = metadata.text("namespace", "default");
    Field spec = doc.child("spec");
    return switch (kind) {
      case VirtualService.KIND ->
          VirtualServiceReader.read(
              spec, metadata.child("annotations"), namespace, name, source);
      case DestinationRule.KIND ->
          DestinationRuleReader.read(
              spec, metadata.child("annotations"), namespace, name, source);
      case ServiceEntry.KIND -> ServiceEntryReader.read(spec, namespace, name, source);
      case WorkloadEntry.KIND -> WorkloadReaders.entry(spec, namespace, name, source);
      case WorkloadGroup.KIND -> WorkloadReaders.group(spec, namespace, name, source);
      case PeerAuthentication.KIND ->
          PeerAuthenticationReader.read(spec, namespace, name, source);
      case AuthorizationPolicy.KIND ->
          AuthorizationPolicyReader.read(spec, namespace, name, source);
      default ->
          throw doc.child("kind")
              .error(
                  "'" + kind + "' (expected: VirtualService, DestinationRule, ServiceEntry,"
                      + " WorkloadEntry, WorkloadGroup, PeerAuthentication or"
                      + " AuthorizationPolicy)");
    };
  }

  private static String kind(JsonNode doc) {
    JsonNode kind = doc.get("kind");
    return kind != null && kind.isTextual() ? kind.textValue() : "document";
  }

  private static String name(JsonNode doc) {
    JsonNode name = doc.at("/metadata/name");
    if (!name.isTextual()) {
      return "";
    }
    JsonNode ns = doc.at("/metadata/namespace");
    return (ns.isTextual() ? ns.textValue() : "default") + "/" + name.textValue();
  }

  private PolicyParser() {}
}
