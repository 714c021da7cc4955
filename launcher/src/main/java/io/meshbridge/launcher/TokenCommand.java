package io.meshbridge.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshbridge token create --namespace shop --service-account orders --ttl 1h}: asks pilot
 * ({@code POST /v1/tokens}, with the admin token) for a one-time join token for that identity.
 * The token alone goes to stdout, for {@code TOKEN=$(meshbridge token create ...)}; what it is for
 * goes to stderr.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Join tokens: a VM's first certificate (see pilot/README.md, Certificate authority).",
    subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: create");
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a one-time join token bound to one workload identity.")
  static final class Create implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--namespace", required = true, description = "The workload's namespace.")
    String namespace;

    @Option(names = "--service-account", required = true, description = "The workload's service account.")
    String serviceAccount;

    @Option(names = "--ttl", defaultValue = "1h", description = "How long the token works (default: ${DEFAULT-VALUE}; at most 30d).")
    String ttl;

    @Option(
        names = "--pilot",
        defaultValue = "http://127.0.0.1:15014",
        description = "Pilot's REST API (default: ${DEFAULT-VALUE}).")
    URI pilot;

    @Option(
        names = "--admin-token-file",
        required = true,
        paramLabel = "FILE",
        description = "Pilot's admin token: <ca.directory>/admin-token.")
    Path adminTokenFile;

    @Option(
        names = "--root-cert-out",
        paramLabel = "FILE",
        description = "Also write the mesh's root certificates (PEM) here, for the VM to trust pilot.")
    @Nullable Path rootCertOut;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (!Files.isReadable(adminTokenFile)) {
        throw new UsageError("--admin-token-file: " + adminTokenFile + " cannot be read");
      }
      String admin = Files.readString(adminTokenFile, StandardCharsets.UTF_8).trim();
      ObjectMapper json = new ObjectMapper();
      byte[] body =
          json.writeValueAsBytes(Map.of("namespace", namespace, "serviceAccount", serviceAccount, "ttl", ttl));
      HttpRequest request =
          HttpRequest.newBuilder(pilot.resolve("/v1/tokens"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + admin)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<String> response;
      try {
        response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException("--pilot: cannot reach " + pilot + ": " + e, e);
      }
      JsonNode answer = json.readTree(response.body());
      if (response.statusCode() == 400) {
        throw new UsageError(answer.path("message").asText(response.body()));
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "pilot answered " + response.statusCode() + ": " + answer.path("message").asText(response.body()));
      }
      if (rootCertOut != null) {
        Files.writeString(rootCertOut, answer.get("rootCert").asText(), StandardCharsets.US_ASCII);
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("join token for " + answer.get("identity").asText() + ", single use, expires " + answer.get("expiresAt").asText());
      spec.commandLine().getOut().println(answer.get("token").asText());
      return 0;
    }
  }
}
