package io.meshbridge.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {

  @TempDir Path dir;

  @Test
  void sendsToAPathSocket() {
    try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString());
        SystemdNotifier notifier =
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.address()))) {
      notifier.send("READY=1");
      await().until(() -> systemd.messages().contains("READY=1"));
    }
  }

  @Test
  void sendsToAnAbstractSocket() {
    String name = "@meshbridge-test-" + UUID.randomUUID();
    try (NotifyReceiver systemd = new NotifyReceiver(name);
        SystemdNotifier notifier =
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name))) {
      notifier.send("STOPPING=1");
      await().until(() -> systemd.messages().contains("STOPPING=1"));
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() {
    assertThat(SystemdNotifier.fromEnvironment(Map.of()).enabled()).isFalse();
  }

  @Test
  void watchdogIntervalIsHalfOfWatchdogUsec() {
    assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "2000000")))
        .contains(Duration.ofSeconds(1));
    assertThat(SystemdNotifier.watchdogInterval(Map.of())).isEmpty();
    assertThat(SystemdNotifier.watchdogInterval(
            Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "1")))
        .isEmpty();
  }
}
