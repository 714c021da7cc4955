package io.meshbridge.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for listeners a test writes into config before anything binds them. They are
 * taken below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}), so a port-0
 * bind in between (the proxy's admin server, a backend) or an outgoing connection's local port
 * can never be the same one. A port the kernel hands out for port 0 is free at that moment only:
 * CircuitBreakerE2EIT failed in CI when the proxy's admin server, bound to port 0, got the port
 * probed for the service listener a moment before.
 */
public final class UnusedPorts {

  private static final int LOWEST = 10_000;
  private static final int BELOW = ephemeralLow();
  /** Successive picks walk the range from a random start: distinct within this JVM. */
  private static final AtomicInteger next =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(BELOW - LOWEST));

  /** A loopback port below the ephemeral range that nothing listens on now. */
  public static int next() {
    for (int attempt = 0; attempt < BELOW - LOWEST; attempt++) {
      int port = LOWEST + Math.floorMod(next.getAndIncrement(), BELOW - LOWEST);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // in use: try the next one
      }
    }
    throw new IllegalStateException("no free loopback port in " + LOWEST + ".." + (BELOW - 1));
  }

  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      return 32_768; // Linux's default lower bound
    }
  }

  private UnusedPorts() {}
}
