package io.meshbridge.pilot.policy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code *.yaml} and {@code *.yml} files of a directory, read again on every {@link #read}.
 * A file that cannot be read or parsed keeps its last good resources, and so does a resource
 * whose new version is rejected; both are reported as rejections.
 *
 * <p>Not thread-safe: call from one serializing executor.
 */
public final class PolicyDirectory {

  private final Path directory;
  private final Map<Path, PolicyParser.Result> lastGood = new HashMap<>();

  public PolicyDirectory(Path directory) {
    this.directory = requireNonNull(directory, "directory");
  }

  public Path directory() {
    return directory;
  }

  /** Reads every policy file now; see the class comment for what happens to bad ones. */
  public PolicySet read() {
    PolicyParser.Result all = readAll();
    return PolicySet.of(all.resources(), all.rejections());
  }

  /**
   * Reads every policy file now, without checking the resources against each other (for pilot to
   * do with those of its other sources).
   */
  public PolicyParser.Result readAll() {
    List<PolicyResource> resources = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(PolicyDirectory::isPolicyFile).sorted().toList();
    } catch (IOException e) {
      rejections.add(
          new Rejection("directory", "", directory.toString(), "cannot list: " + e));
      return new PolicyParser.Result(List.of(), rejections);
    }
    lastGood.keySet().retainAll(files);
    for (Path file : files) {
      read(file, resources, rejections);
    }
    return new PolicyParser.Result(resources, rejections);
  }

  private void read(Path file, List<PolicyResource> resources, List<Rejection> rejections) {
    String name = file.getFileName().toString();
    PolicyParser.Result previous = lastGood.get(file);
    PolicyParser.Result result;
    try {
      result = PolicyParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | InvalidPolicyFileException e) {
      String reason = e instanceof IOException ? "cannot read: " + e : e.getMessage();
      if (previous != null) {
        reason += "; its last good resources stay applied";
        resources.addAll(previous.resources());
      }
      rejections.add(new Rejection("file", "", name, reason));
      return;
    }
    List<PolicyResource> kept = new ArrayList<>(result.resources());
    for (Rejection r : result.rejections()) {
      PolicyResource old = previous == null ? null : find(previous, r);
      if (old != null) {
        kept.add(old);
        rejections.add(
            new Rejection(r.kind(), r.name(), r.source(),
                r.reason() + "; the last good version stays applied"));
      } else {
        rejections.add(r);
      }
    }
    PolicyParser.Result good = new PolicyParser.Result(kept, List.of());
    lastGood.put(file, good);
    resources.addAll(kept);
  }

  private static @org.jspecify.annotations.Nullable PolicyResource find(
      PolicyParser.Result previous, Rejection r) {
    for (PolicyResource old : previous.resources()) {
      if (old.kind().equals(r.kind()) && (old.namespace() + "/" + old.name()).equals(r.name())) {
        return old;
      }
    }
    return null;
  }

  private static boolean isPolicyFile(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p) && !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
  }
}
