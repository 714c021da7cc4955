package io.meshbridge.registry.consul;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.Consul;

/** Builds consul-client's {@link Consul} the way both the registry and the registrar need it. */
final class ConsulClients {

  /**
   * A client for {@code address} that does not contact the agent until used, sending {@code token}
   * as the {@code X-Consul-Token} header (never in the URL, where logs would show it).
   */
  static Consul build(URI address, @Nullable String token, Duration connectTimeout) {
    Consul.Builder builder =
        Consul.builder()
            .withUrl(address.toString())
            .withPing(false)
            .withConnectTimeoutMillis(connectTimeout.toMillis());
    if (token != null) {
      builder.withTokenAuth(token);
    }
    return builder.build();
  }

  private ConsulClients() {}
}
