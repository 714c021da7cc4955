package io.meshbridge.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file registry: one YAML file per service in a fresh directory; a change rewrites that
 * service's file (written beside it under a hidden name, then renamed over it, as an editor or
 * config management tool does).
 */
final class FileBench implements BenchRegistry {

  private final Path directory;

  FileBench(Path work) {
    this.directory = work.resolve("file-registry");
  }

  @Override
  public String description() {
    return "file registry (one YAML file per service, " + directory + ")";
  }

  @Override
  public void start() {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("creating " + directory, e);
    }
  }

  @Override
  public void populate(Shape shape) {
    for (int s = 0; s < shape.services(); s++) {
      write(shape, s, false);
    }
  }

  @Override
  public String pilotYaml() {
    return "  - type: file\n    id: files\n    directory: " + directory + "\n";
  }

  @Override
  public void addExtra(Shape shape, int service) {
    write(shape, service, true);
  }

  @Override
  public void removeExtra(Shape shape, int service) {
    write(shape, service, false);
  }

  private void write(Shape shape, int service, boolean extra) {
    StringBuilder y = new StringBuilder(1024);
    y.append("services:\n  - name: ")
        .append(Shape.service(service))
        .append("\n    namespace: ")
        .append(Shape.NAMESPACE)
        .append("\n    ports:\n      - {name: http, number: ")
        .append(Shape.PORT)
        .append(", protocol: HTTP}\n    endpoints:\n");
    for (int i = 0; i < shape.instances(); i++) {
      y.append("      - {address: ").append(Shape.address(service, i)).append("}\n");
    }
    if (extra) {
      y.append("      - {address: ").append(Shape.address(service, Shape.EXTRA)).append("}\n");
    }
    Path file = directory.resolve(Shape.service(service) + ".yaml");
    Path temp = directory.resolve("." + Shape.service(service) + ".yaml.tmp");
    try {
      Files.writeString(temp, y);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  @Override
  public void close() {
    // The directory stays in the run's work directory, with the logs.
  }
}
