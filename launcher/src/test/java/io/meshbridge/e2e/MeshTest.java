package io.meshbridge.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the traffic-policy end-to-end tests share: a {@link LoopbackMesh} in a fresh directory, and
 * everything a test {@link #started} closed after it, the mesh last.
 */
abstract class MeshTest {

  @TempDir Path workDir;

  final Started started = new Started();
  LoopbackMesh mesh;

  @BeforeEach
  void startMesh() {
    mesh = started.add(new LoopbackMesh(workDir));
  }

  @AfterEach
  void closeEverything() {
    started.close();
  }
}
