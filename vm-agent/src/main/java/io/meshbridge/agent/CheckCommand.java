package io.meshbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshbridge-agent check --config FILE}: validates the config; exit 0, or 1 naming the field. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate the config and exit: 0 when valid, 1 with errors naming the field.")
final class CheckCommand implements Runnable {

  private static final Set<String> TOP_LEVEL =
      Set.of("pilot", "service", "healthCheck", "registration", "upstreams", "dns", "drain", "stateDir",
          "identity", "admin");

  @Mixin AgentOptions options = new AgentOptions();

  @Override
  public void run() {
    load(options.config);
    System.out.println(options.config + ": OK");
  }

  /** Skeleton validation: YAML, known top-level keys, a service name. */
  static JsonNode load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new AgentUsageException("--config: " + file + " does not exist or is not a file");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new AgentUsageException(file + ": not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new AgentUsageException(file + ": expected a mapping at the top level");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        throw new AgentUsageException(file + ": " + key + ": unknown field");
      }
    }
    if (!root.path("service").path("name").isTextual()) {
      throw new AgentUsageException(file + ": service.name: missing (expected: a service name)");
    }
    return root;
  }
}
