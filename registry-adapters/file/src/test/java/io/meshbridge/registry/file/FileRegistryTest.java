package io.meshbridge.registry.file;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  @TempDir Path dir;

  private final List<RegistrySnapshot> snapshots = new CopyOnWriteArrayList<>();
  private FileRegistry registry;

  @AfterEach
  void closeAndCheckVersions() {
    if (registry != null) {
      registry.close();
    }
    for (int i = 0; i < snapshots.size(); i++) {
      assertThat(snapshots.get(i).version()).as("version of snapshot %d", i).isEqualTo(i + 1L);
      assertThat(snapshots.get(i).registryId()).isEqualTo("files");
    }
  }

  private static String service(String name, int port) {
    return """
        services:
          - name: %s
            ports: [{name: http, number: %d}]
            endpoints:
              - address: 127.0.0.1
        """.formatted(name, port);
  }

  private void start() {
    registry = new FileRegistry("files", dir);
    registry.start(snapshots::add);
    await().atMost(TIMEOUT).until(() -> !snapshots.isEmpty());
  }

  private RegistrySnapshot latest() {
    return snapshots.get(snapshots.size() - 1);
  }

  private RegistrySnapshot awaitLatest(Predicate<RegistrySnapshot> condition) {
    await().atMost(TIMEOUT).until(() -> condition.test(latest()));
    return latest();
  }

  private static Predicate<RegistrySnapshot> servesHelloOn(int port) {
    return s -> s.services().stream()
        .anyMatch(svc -> svc.key().equals(HELLO) && svc.ports().get(0).number() == port);
  }

  private static List<ServiceKey> keys(RegistrySnapshot snapshot) {
    return snapshot.services().stream().map(Service::key).toList();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void rejectsAMissingDirectoryOrAFileNamingTheField() throws IOException {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> new FileRegistry("files", missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("directory: " + missing + " does not exist");
    Path file = write("hello.yaml", "");
    assertThatThrownBy(() -> new FileRegistry("files", file))
        .hasMessage("directory: " + file + " is not a directory");
  }

  @Test
  void firstSnapshotHasTheRegistryFilesAndIgnoresTheRest() throws IOException {
    write("hello.yaml", service("hello", 80));
    write("other.yml", service("other", 81));
    for (String ignored : List.of("notes.txt", ".hidden.yaml", "x.yaml~", ".x.yaml.swp",
        ".#x.yaml", "x.yaml.bak")) {
      write(ignored, service("ignored", 82));
    }
    Files.createDirectory(dir.resolve("sub.yaml"));
    Files.writeString(dir.resolve("sub.yaml").resolve("nested.yaml"), service("nested", 83));

    start();

    RegistrySnapshot first = snapshots.get(0);
    assertThat(keys(first)).containsExactly(HELLO, ServiceKey.of("default", "other"));
    assertThat(first.endpoints()).extracting(Endpoint::source).containsOnly("files");
    assertThat(first.problems()).isEmpty();
    assertThat(first.stale()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .anyMatch(t -> t.getName().equals("file-registry-files") && t.isDaemon());
  }

  @Test
  void followsCreateModifyAndDelete() throws IOException {
    start();
    assertThat(latest().services()).isEmpty();

    Path hello = write("hello.yaml", service("hello", 80));
    awaitLatest(servesHelloOn(80));

    write("hello.yaml", service("hello", 81)); // truncates and writes in place
    awaitLatest(servesHelloOn(81));

    Files.delete(hello);
    RegistrySnapshot gone = awaitLatest(s -> s.services().isEmpty());
    assertThat(gone.endpoints()).isEmpty();
    assertThat(gone.problems()).isEmpty();
    assertThat(gone.stale()).isFalse();
  }

  @Test
  void followsWriteTempThenRenameAndCopy(@TempDir Path elsewhere) throws IOException {
    write("hello.yaml", service("hello", 80));
    start();

    Path temp = write(".hello.yaml.tmp", service("hello", 81));
    Files.move(temp, dir.resolve("hello.yaml"), ATOMIC_MOVE, REPLACE_EXISTING);
    awaitLatest(servesHelloOn(81));

    Path copy = Files.writeString(elsewhere.resolve("hello.yaml"), service("hello", 82));
    Files.copy(copy, dir.resolve("hello.yaml"), REPLACE_EXISTING);
    awaitLatest(servesHelloOn(82));
    assertThat(latest().problems()).isEmpty();
  }

  @Test
  void malformedEditKeepsTheLastGoodContentUntilFixed() throws IOException {
    write("hello.yaml", service("hello", 80));
    start();

    write("hello.yaml", service("hello", 81).replace("number: 81", "number: abc"));
    RegistrySnapshot broken = awaitLatest(s -> !s.problems().isEmpty());
    assertThat(broken.problems()).containsExactly(
        "hello.yaml:3:34: services[0].ports[0].number: 'abc' is not a number"
            + " (expected: 1..65535); serving the last good content of hello.yaml");
    assertThat(broken.services()).isEqualTo(snapshots.get(0).services());
    assertThat(broken.endpoints()).isEqualTo(snapshots.get(0).endpoints());

    write("hello.yaml", service("hello", 82));
    RegistrySnapshot fixed = awaitLatest(servesHelloOn(82));
    assertThat(fixed.problems()).isEmpty();
  }

  @Test
  void aFileThatWasNeverGoodContributesNothingAndIsNamed() throws IOException {
    write("bad.yaml", "services: [{name: bad, prots: []}]\n");
    write("hello.yaml", service("hello", 80));
    start();

    assertThat(keys(latest())).containsExactly(HELLO);
    assertThat(latest().problems()).containsExactly(
        "bad.yaml:1:24: services[0].prots: unknown field"
            + " (known: name, namespace, hostnames, labels, ports, endpoints);"
            + " nothing from bad.yaml is used until it is fixed");
  }

  @Test
  void noticesAFileAddedAfterStart() throws IOException {
    write("a.yaml", service("hello", 80));
    start();

    write("b.yaml", """
        endpoints:
          - service: default/hello
            address: 10.0.0.2
        """);
    RegistrySnapshot both = awaitLatest(s -> s.endpoints().size() == 2);
    assertThat(both.endpoints()).extracting(Endpoint::address)
        .containsExactly("127.0.0.1", "10.0.0.2");
  }

  @Test
  void aServiceDefinedInTwoFilesBelongsToTheFirstInNameOrder() throws IOException {
    write("b.yaml", service("hello", 81));
    Path a = write("a.yaml", service("hello", 80));
    start();

    RegistrySnapshot first = latest();
    assertThat(first.services()).hasSize(1);
    assertThat(servesHelloOn(80)).accepts(first);
    assertThat(first.endpoints()).hasSize(1);
    assertThat(first.problems()).containsExactly(
        "b.yaml:2:5: services[0]: service default/hello is already defined in a.yaml,"
            + " which comes first in name order; this definition and its endpoints are ignored");

    Files.delete(a);
    RegistrySnapshot takenOver = awaitLatest(servesHelloOn(81));
    assertThat(takenOver.problems()).isEmpty();
  }

  @Test
  void aBurstOfFilesEndsWithAllOfThem() throws IOException {
    start();
    // More events than a JDK watch key holds (512): the watcher may see OVERFLOW, and rescans.
    for (int i = 0; i < 600; i++) {
      write("s" + i + ".yaml", service("s" + i, 80));
    }
    RegistrySnapshot all = awaitLatest(s -> s.services().size() == 600);
    assertThat(all.problems()).isEmpty();
  }

  @Test
  void aDeletedDirectoryIsAnOutageMarkedStale() throws IOException {
    Path registryDir = Files.createDirectory(dir.resolve("registry"));
    registry = new FileRegistry("files", registryDir);
    registry.start(snapshots::add);
    await().atMost(TIMEOUT).until(() -> !snapshots.isEmpty());

    Files.delete(registryDir);

    RegistrySnapshot stale = awaitLatest(RegistrySnapshot::stale);
    assertThat(stale.problems()).singleElement().asString()
        .startsWith("directory: " + registryDir + " cannot be read (")
        .endsWith("); serving its last content");
  }

  @Test
  void publishesNothingWhenATouchChangesNothing() throws IOException {
    Path hello = write("hello.yaml", service("hello", 80));
    start();

    Files.setLastModifiedTime(hello, FileTime.from(Instant.now().plusSeconds(5)));
    write("hello.yaml", service("hello", 80));
    await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> snapshots.size() == 1);

    // A real change is then the very next version: nothing was published in between.
    write("hello.yaml", service("hello", 81));
    awaitLatest(servesHelloOn(81));
    assertThat(snapshots).hasSize(2);
  }

  @Test
  void closeStopsWatchingAndIsIdempotent() throws IOException {
    start();
    registry.close();
    registry.close();

    await().atMost(TIMEOUT).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("file-registry-files")));
    write("hello.yaml", service("hello", 80));
    assertThat(snapshots).hasSize(1);
    assertThatThrownBy(() -> registry.start(snapshots::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("file registry files: already closed");
  }

  @Test
  void startsOnlyOnce() {
    start();
    assertThatThrownBy(() -> registry.start(snapshots::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("file registry files: already started");
  }
}
