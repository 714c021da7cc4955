package io.meshbridge.pilot.policy;

import java.util.Set;

/** Reads the {@code spec} of a WorkloadEntry or a WorkloadGroup, strictly. */
final class WorkloadReaders {

  private static final Set<String> GROUP = Set.of("metadata", "template", "probe");
  private static final Set<String> GROUP_METADATA = Set.of("labels", "annotations");
  private static final Set<String> PROBE =
      Set.of(
          "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
          "failureThreshold", "httpGet", "tcpSocket", "exec");
  private static final Set<String> HTTP_GET = Set.of("path", "port", "host", "scheme");
  private static final Set<String> TCP_SOCKET = Set.of("host", "port");
  private static final Set<String> EXEC = Set.of("command");

  static WorkloadEntry entry(Field spec, String namespace, String name, String source) {
    return new WorkloadEntry(namespace, name, WorkloadReader.read(spec, true), source);
  }

  static WorkloadGroup group(Field spec, String namespace, String name, String source) {
    spec.only(GROUP);
    Field metadata = spec.child("metadata");
    if (spec.has("metadata")) {
      metadata.only(GROUP_METADATA);
    }
    Field template = spec.child("template");
    if (!spec.has("template")) {
      throw template.error("required (expected: the WorkloadEntry fields of its workloads)");
    }
    return new WorkloadGroup(
        namespace,
        name,
        metadata.strings("labels"),
        metadata.strings("annotations"),
        WorkloadReader.read(template, false),
        spec.has("probe") ? probe(spec.child("probe")) : null,
        source);
  }

  private static WorkloadGroup.Probe probe(Field f) {
    f.only(PROBE);
    String kind = null;
    for (String k : new String[] {"httpGet", "tcpSocket", "exec"}) {
      if (f.has(k)) {
        if (kind != null) {
          throw f.child(k).error("cannot be used with " + kind + " (expected: exactly one)");
        }
        kind = k;
      }
    }
    if (kind == null) {
      throw f.error("expected exactly one of httpGet, tcpSocket, exec");
    }
    Field check = f.child(kind);
    int port = 0;
    String path = "";
    java.util.List<String> command = java.util.List.of();
    switch (kind) {
      case "httpGet" -> {
        check.only(HTTP_GET);
        port = check.child("port").integer(1, 65535);
        path = check.text("path", "/");
        String scheme = check.text("scheme", "HTTP");
        if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
          throw check.child("scheme").error("'" + scheme + "' (expected: HTTP or HTTPS)");
        }
      }
      case "tcpSocket" -> {
        check.only(TCP_SOCKET);
        port = check.child("port").integer(1, 65535);
      }
      default -> {
        check.only(EXEC);
        command = check.list("command", Field::text);
        if (command.isEmpty()) {
          throw check.child("command").error("required (expected: the command and its arguments)");
        }
      }
    }
    return new WorkloadGroup.Probe(
        kind, port, path, command, seconds(f, "initialDelaySeconds"), seconds(f, "timeoutSeconds"),
        seconds(f, "periodSeconds"), seconds(f, "successThreshold"),
        seconds(f, "failureThreshold"));
  }

  private static int seconds(Field f, String name) {
    return f.has(name) ? f.child(name).integer(0, 86_400) : 0;
  }

  private WorkloadReaders() {}
}
