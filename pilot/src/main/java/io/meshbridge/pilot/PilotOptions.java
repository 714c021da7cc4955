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
 * @param security trust domain and root namespace for translation; default {@code
 *     cluster.local}, {@code istio-system}
 */
public record PilotOptions(
    String xdsBindAddress,
    int xdsPort,
    Duration xdsShutdownGrace,
    DebounceSettings debounce,
    Duration registrySyncTimeout,
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

  /** Options with the default security settings. */
  public PilotOptions(
      String xdsBindAddress,
      int xdsPort,
      Duration xdsShutdownGrace,
      DebounceSettings debounce,
      Duration registrySyncTimeout) {
    this(xdsBindAddress, xdsPort, xdsShutdownGrace, debounce, registrySyncTimeout,
        SecuritySettings.DEFAULT);
  }

  /** The defaults: xDS on 127.0.0.1:15010, debounce 100 ms / 1 s. */
  public static PilotOptions defaults() {
    return new PilotOptions(
        DEFAULT_XDS_BIND_ADDRESS,
        DEFAULT_XDS_PORT,
        Duration.ofSeconds(1),
        DebounceSettings.DEFAULT,
        Duration.ofSeconds(10));
  }

  /** The same options with the xDS server on {@code bindAddress:port}. */
  public PilotOptions withXds(String bindAddress, int port) {
    return new PilotOptions(
        bindAddress, port, xdsShutdownGrace, debounce, registrySyncTimeout, security);
  }

  /** The same options with other debounce settings. */
  public PilotOptions withDebounce(DebounceSettings settings) {
    return new PilotOptions(
        xdsBindAddress, xdsPort, xdsShutdownGrace, settings, registrySyncTimeout, security);
  }

  /** The same options with other security settings (trust domain, root namespace). */
  public PilotOptions withSecurity(SecuritySettings settings) {
    return new PilotOptions(
        xdsBindAddress, xdsPort, xdsShutdownGrace, debounce, registrySyncTimeout, settings);
  }
}
