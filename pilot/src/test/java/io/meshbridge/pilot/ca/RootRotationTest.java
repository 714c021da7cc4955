package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation's files: persisted overlap, recovery after a crash, the end of the overlap. */
class RootRotationTest {

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();

  @Test
  void aRotationKeepsBothRootsUntilItsEndAcrossReopens() {
    CaTrust before = RootRotation.open(directory, "cluster.local", clock);
    Instant ends = clock.instant().plus(Duration.ofHours(2));
    CaTrust during = RootRotation.start(directory, "cluster.local", clock, ends);

    assertThat(during.previous().signingCertificate()).isEqualTo(before.signer().signingCertificate());
    assertThat(during.roots()).hasSize(2).startsWith(during.signer().roots().get(0));
    assertThat(during.servingSigner()).isEqualTo(during.previous());
    assertThat(RootRotation.open(directory, "cluster.local", clock)).isEqualTo(during);

    clock.advance(Duration.ofHours(2));
    CaTrust after = RootRotation.open(directory, "cluster.local", clock);
    assertThat(after.previous()).isNull();
    assertThat(after.signer()).isEqualTo(during.signer());
    assertThat(directory.resolve(RootRotation.PREVIOUS_KEY)).doesNotExist();
    assertThat(directory.resolve(RootRotation.STATE)).doesNotExist();
  }

  @Test
  void aCrashBeforeTheNewRootWasWrittenIsCompletedOnOpen() throws Exception {
    CaTrust before = RootRotation.open(directory, "cluster.local", clock);
    // What start() leaves when it dies after writing the rotation state, before the new root.
    Files.copy(directory.resolve(CaStore.ROOT_CERT), directory.resolve(RootRotation.PREVIOUS_CERT));
    Files.copy(directory.resolve(CaStore.ROOT_KEY), directory.resolve(RootRotation.PREVIOUS_KEY));
    Files.writeString(directory.resolve(RootRotation.STATE), clock.instant().plusSeconds(3600) + "\n");

    CaTrust recovered = RootRotation.open(directory, "cluster.local", clock);
    assertThat(recovered.previous().signingCertificate()).isEqualTo(before.signer().signingCertificate());
    assertThat(recovered.signer().signingCertificate()).isNotEqualTo(before.signer().signingCertificate());
    assertThat(recovered.roots()).hasSize(2);
  }
}
