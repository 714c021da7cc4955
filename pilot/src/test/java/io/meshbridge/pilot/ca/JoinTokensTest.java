package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens are stored hashed, survive a restart, stay used after one, and are pruned late. */
class JoinTokensTest {

  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();

  @Test
  void onlyTheHashIsStoredOwnerOnly() throws Exception {
    JoinToken token = new JoinTokens(directory, clock).create(ORDERS, Duration.ofHours(1));

    Path file = directory.resolve(JoinTokens.FILE);
    String stored = Files.readString(file);
    assertThat(stored).doesNotContain(token.token().substring(JoinTokens.PREFIX.length()));
    assertThat(stored).contains(ORDERS.uri());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(token.toString()).doesNotContain(token.token());
  }

  @Test
  void aUseSurvivesARestart() {
    JoinToken token = new JoinTokens(directory, clock).create(ORDERS, Duration.ofHours(1));
    new JoinTokens(directory, clock).redeem(token.token(), ORDERS);

    assertThatThrownBy(() -> new JoinTokens(directory, clock).redeem(token.token(), ORDERS))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.TOKEN_ALREADY_USED));
  }

  @Test
  void expiredEntriesArePrunedAWeekAfterExpiry() {
    JoinTokens tokens = new JoinTokens(directory, clock);
    JoinToken old = tokens.create(ORDERS, Duration.ofHours(1));
    clock.advance(Duration.ofDays(8));
    tokens.create(ORDERS, Duration.ofHours(1)); // any write prunes

    assertThatThrownBy(() -> tokens.redeem(old.token(), ORDERS))
        .isInstanceOfSatisfying(CaRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.UNKNOWN_TOKEN));
  }

  @Test
  void ttlMustBePositiveAndAtMostThirtyDays() {
    JoinTokens tokens = new JoinTokens(directory, clock);
    assertThatThrownBy(() -> tokens.create(ORDERS, Duration.ZERO)).hasMessageContaining("ttl: PT0S (expected: more than 0");
    assertThatThrownBy(() -> tokens.create(ORDERS, Duration.ofDays(31))).hasMessageContaining("at most PT720H");
  }
}
