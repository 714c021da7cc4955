package io.meshbridge.pilot;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.util.Duration;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.pilot.config.DebounceFactory;
import io.meshbridge.pilot.config.RegistryFactory;
import io.meshbridge.pilot.config.UniqueRegistryIds;
import io.meshbridge.pilot.config.XdsFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Pilot's YAML configuration. Every section has defaults, so an empty file runs pilot with xDS on
 * {@code 127.0.0.1:15010} and the REST API on {@code 127.0.0.1:15014} (admin under {@code
 * /admin}). See pilot/README.md for the reference.
 */
@UniqueRegistryIds
public class PilotConfiguration extends Configuration {

  /** Port of the REST and admin API when {@code server:} is not given. */
  public static final int DEFAULT_REST_PORT = 15014;

  @JsonProperty @Valid @NotNull private XdsFactory xds = new XdsFactory();

  @JsonProperty @Valid @NotNull private DebounceFactory debounce = new DebounceFactory();

  @JsonProperty @Valid @NotNull
  private List<@Valid @NotNull RegistryFactory> registries = new ArrayList<>();

  @JsonProperty @NotNull private Duration registrySyncTimeout = Duration.seconds(10);

  public PilotConfiguration() {
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost("127.0.0.1");
    connector.setPort(DEFAULT_REST_PORT);
    SimpleServerFactory server = new SimpleServerFactory();
    server.setConnector(connector);
    server.setApplicationContextPath("/");
    server.setAdminContextPath("/admin");
    setServerFactory(server);
  }

  public XdsFactory xds() {
    return xds;
  }

  public DebounceFactory debounce() {
    return debounce;
  }

  /** The registries, in precedence order. */
  public List<RegistryFactory> registries() {
    return Collections.unmodifiableList(registries);
  }

  /** The options of the embedded {@link Pilot} this configuration describes. */
  public PilotOptions pilotOptions() {
    return new PilotOptions(
        xds.bindAddress(),
        xds.port(),
        xds.shutdownGracePeriod(),
        debounce.settings(),
        registrySyncTimeout.toJavaDuration());
  }

  /** Builds the registry adapters and a {@link Pilot} over them; nothing starts yet. */
  public Pilot buildPilot() {
    List<RegistryAdapter> adapters = new ArrayList<>();
    for (RegistryFactory factory : registries) {
      adapters.add(factory.build());
    }
    return Pilot.create(pilotOptions(), adapters);
  }
}
