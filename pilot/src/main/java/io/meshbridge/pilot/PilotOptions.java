package io.meshbridge.pilot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.pilot.debounce.DebounceSettings;
import io.meshbridge.pilot.translate.security.SecuritySettings;
import java.time.Duration;

/**
 * How an embedded {@link Pilot} runs.
 *
 * @param xdsBindAddress the address the xDS gRPC server binds; default {@code 127.0.0.1}
 * @param xdsPort its port, {@code 0} for any free one; default {@code 15010}
 * @param xdsShutdownGrace how long stopping waits for open xDS streams before cancelling them;
 *     default 1 s
 * @param debounce how registry changes are coalesced; default 100 ms quiet, 1 s max
 * @param registrySyncTimeout how long the first push waits for every registry's first snapshot;
 *     default 10 s
 * @param xdsPlaintext whether the xDS server on {@code xdsBindAddress:xdsPort} runs, plaintext and
 *     unauthenticated (loopback, tests, quickstart); default false: xDS is then served only on the
 *     CA's TLS port, to mesh client certificates
 * @param security trust domain and root namespace for translation; default {@code
 *     cluster.local}, {@code istio-system}
 */
public record PilotOptions(
    String xdsBindAddress,
    int xdsPort,
    Duration xdsShutdownGrace,
    DebounceSettings debounce,
    Duration registrySyncTimeout,
    boolean xdsPlaintext,
    SecuritySettings security) {

  public static final String DEFAULT_XDS_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_XDS_PORT = 15010;

  public PilotOptions {
    requireNonNull(xdsBindAddress, "xdsBindAddress");
    requireNonNull(xdsShutdownGrace, "xdsShutdownGrace");
    requireNonNull(debounce, "debounce");
    requireNonNull(registrySyncTimeout, "registrySyncTimeout");
    requireNonNull(security, "security");
    if (xdsPort < 0 || xdsPort > 65535) {
      throw new IllegalArgumentException("xdsPort: " + xdsPort + " (expected: 0..65535)");
    }
    if (xdsShutdownGrace.isNegative()) {
      throw new IllegalArgumentException(
          "xdsShutdownGrace: " + xdsShutdownGrace + " (expected: zero or more)");
    }
    if (registrySyncTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "registrySyncTimeout: " + registrySyncTimeout + " (expected: zero or more)");
    }
  }

  /** Options with plaintext xDS and the default security settings (tests, the launcher). */
  public PilotOptions(
      String xdsBindAddress,
      int xdsPort,
      Duration xdsShutdownGrace,
      DebounceSettings debounce,
      Duration registrySyncTimeout) {
    this(xdsBindAddress, xdsPort, xdsShutdownGrace, debounce, registrySyncTimeout, true,
        SecuritySettings.DEFAULT);
  }

  /**
   * The defaults: debounce 100 ms / 1 s, no plaintext xDS (xDS only on the CA's TLS port; the
   * address 127.0.0.1:15010 applies once {@link #withXds} or {@link #withPlaintextXds} turns it on).
   */
  public static PilotOptions defaults() {
    return new PilotOptions(
        DEFAULT_XDS_BIND_ADDRESS,
        DEFAULT_XDS_PORT,
        Duration.ofSeconds(1),
        DebounceSettings.DEFAULT,
        Duration.ofSeconds(10),
        false,
        SecuritySettings.DEFAULT);
  }

  /** The same options with the <em>plaintext</em> xDS server on {@code bindAddress:port}. */
  public PilotOptions withXds(String bindAddress, int port) {
    return new PilotOptions(
        bindAddress, port, xdsShutdownGrace, debounce, registrySyncTimeout, true, security);
  }

  /** The same options with the plaintext xDS server on or off. */
  public PilotOptions withPlaintextXds(boolean plaintext) {
    return new PilotOptions(xdsBindAddress, xdsPort, xdsShutdownGrace, debounce,
        registrySyncTimeout, plaintext, security);
  }

  /** The same options with other debounce settings. */
  public PilotOptions withDebounce(DebounceSettings settings) {
    return new PilotOptions(xdsBindAddress, xdsPort, xdsShutdownGrace, settings,
        registrySyncTimeout, xdsPlaintext, security);
  }

  /** The same options with other security settings (trust domain, root namespace). */
  public PilotOptions withSecurity(SecuritySettings settings) {
    return new PilotOptions(xdsBindAddress, xdsPort, xdsShutdownGrace, debounce,
        registrySyncTimeout, xdsPlaintext, settings);
  }
}
