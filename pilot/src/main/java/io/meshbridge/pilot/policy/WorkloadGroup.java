package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An Istio WorkloadGroup: the template VMs of one kind register with. Accepted and modelled only;
 * registering VMs from it (auto-registration) is not done yet, so it creates no endpoint.
 *
 * @param labels {@code spec.metadata.labels}, given to every workload of the group
 * @param annotations {@code spec.metadata.annotations}
 * @param template the WorkloadEntry fields each workload starts from (address {@code ""})
 * @param probe the readiness probe, or null
 */
public record WorkloadGroup(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    Workload template,
    @Nullable Probe probe,
    String source)
    implements PolicyResource {

  public static final String KIND = "WorkloadGroup";

  /**
   * {@code spec.probe}: exactly one of an HTTP GET, a TCP connect or a command, and its timing in
   * seconds (0 = Istio's default).
   *
   * @param kind {@code httpGet}, {@code tcpSocket} or {@code exec}
   * @param port the port probed ({@code httpGet}, {@code tcpSocket}); 0 for {@code exec}
   * @param path the HTTP path ({@code httpGet}), or {@code ""}
   * @param command the command ({@code exec}), or empty
   */
  public record Probe(
      String kind,
      int port,
      String path,
      List<String> command,
      int initialDelaySeconds,
      int timeoutSeconds,
      int periodSeconds,
      int successThreshold,
      int failureThreshold) {
    public Probe {
      requireNonNull(kind, "kind");
      requireNonNull(path, "path");
      command = List.copyOf(command);
    }
  }

  public WorkloadGroup {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(template, "template");
    requireNonNull(source, "source");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
