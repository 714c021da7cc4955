package io.meshbridge.registry.file;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.registry.file.ParsedFile.ServiceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads one registry file into the model, strictly: unknown fields, wrong types and invalid values
 * are errors naming {@code file:line:column: field path}. A file is used whole or not at all.
 */
final class RegistryFileParser {

  static final List<String> ROOT_FIELDS = List.of("services", "endpoints");
  static final List<String> SERVICE_FIELDS =
      List.of("name", "namespace", "hostnames", "labels", "ports", "endpoints");
  static final List<String> PORT_FIELDS = List.of("name", "number", "protocol");

  private final String fileName;
  private final String source;
  private final List<String> problems = new ArrayList<>();

  private RegistryFileParser(String fileName, String source) {
    this.fileName = fileName;
    this.source = source;
  }

  /**
   * Parses {@code content}, the file {@code fileName}; endpoints get {@code source} (the registry
   * id) as their source.
   *
   * @throws InvalidFileException listing every problem found (at most one per list item)
   */
  static ParsedFile parse(String fileName, byte[] content, String source) {
    return new RegistryFileParser(fileName, source).parse(content);
  }

  private ParsedFile parse(byte[] content) {
    YamlNode root = attempt(() -> YamlReader.read(content));
    if (root == null) {
      throwIfProblems();
      return ParsedFile.EMPTY;
    }
    FieldReader file =
        attempt(() -> FieldReader.of(root, "", "a mapping of services and endpoints", ROOT_FIELDS));
    if (file == null) {
      throwIfProblems();
      return ParsedFile.EMPTY;
    }
    List<ServiceDefinition> services = services(file);
    List<Endpoint> endpoints = new ArrayList<>();
    List<YamlNode> nodes = orEmpty(attempt(() -> file.optionalList("endpoints", "a list")));
    for (int i = 0; i < nodes.size(); i++) {
      YamlNode node = nodes.get(i);
      String path = FieldReader.item("endpoints", i);
      Endpoint endpoint = attempt(() -> EndpointParser.topLevel(node, path, source));
      if (endpoint != null) {
        endpoints.add(endpoint);
      }
    }
    throwIfProblems();
    return new ParsedFile(services, endpoints);
  }

  private List<ServiceDefinition> services(FieldReader file) {
    List<ServiceDefinition> services = new ArrayList<>();
    Map<ServiceKey, String> firstDefinition = new HashMap<>();
    List<YamlNode> nodes = orEmpty(attempt(() -> file.optionalList("services", "a list")));
    for (int i = 0; i < nodes.size(); i++) {
      YamlNode node = nodes.get(i);
      String path = FieldReader.item("services", i);
      ServiceDefinition definition = attempt(() -> service(node, path));
      if (definition == null) {
        continue;
      }
      ServiceKey key = definition.service().key();
      String first = firstDefinition.putIfAbsent(key, path + " (" + node.mark() + ")");
      if (first == null) {
        services.add(definition);
      } else {
        problems.add(definition.origin() + ": service " + key + " is already defined by " + first);
      }
    }
    return services;
  }

  private ServiceDefinition service(YamlNode node, String path) {
    FieldReader fields = FieldReader.of(node, path, "a service", SERVICE_FIELDS);
    String name = fields.requiredString("name", "a DNS label, e.g. 'orders'");
    String namespace = fields.optionalString("namespace", "a DNS label, e.g. 'shop'", "default");
    ServiceKey key = fields.build(() -> ServiceKey.of(namespace, name));
    List<String> hostnames =
        fields.optionalStringList("hostnames", "a list of host names", "a host name");
    Map<String, String> labels =
        fields.optionalStringMap("labels", EndpointParser.LABELS, "a label value");
    List<YamlNode> portNodes = fields.requiredList("ports", "a list of ports, at least one");
    List<ServicePort> ports = new ArrayList<>();
    for (int i = 0; i < portNodes.size(); i++) {
      ports.add(port(portNodes.get(i), FieldReader.item(FieldReader.field(path, "ports"), i)));
    }
    Service service = fields.build(() -> new Service(key, hostnames, ports, labels));
    List<Endpoint> endpoints =
        EndpointParser.nestedAll(
            fields.optionalList("endpoints", "a list of endpoints"),
            FieldReader.field(path, "endpoints"),
            service,
            source);
    return new ServiceDefinition(service, endpoints, fileName + ":" + fields.mark() + ": " + path);
  }

  private static ServicePort port(YamlNode node, String path) {
    FieldReader fields = FieldReader.of(node, path, "a port", PORT_FIELDS);
    String name = fields.requiredString("name", "a port name, e.g. 'http'");
    int number = fields.requiredInt("number", "1..65535");
    Protocol protocol = fields.optionalEnum("protocol", Protocol.class, "protocol", Protocol.HTTP);
    return fields.build(() -> new ServicePort(name, number, protocol));
  }

  /** Runs one step, recording its error as a problem (returning null) so parsing goes on. */
  private <T> @Nullable T attempt(Supplier<@Nullable T> step) {
    try {
      return step.get();
    } catch (YamlException e) {
      problems.add(e.describeIn(fileName));
      return null;
    }
  }

  private static List<YamlNode> orEmpty(@Nullable List<YamlNode> nodes) {
    return nodes == null ? List.of() : nodes;
  }

  private void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new InvalidFileException(problems);
    }
  }
}
