package io.meshbridge.pilot;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.util.Duration;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.pilot.config.DebounceFactory;
import io.meshbridge.pilot.config.RegistryFactory;
import io.meshbridge.pilot.config.MeshServiceFactory;
import io.meshbridge.pilot.config.KubernetesPolicyFactory;
import io.meshbridge.pilot.config.PolicyFactory;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import io.meshbridge.pilot.policy.kubernetes.KubernetesPolicySource;
import io.meshbridge.pilot.config.UniqueRegistryIds;
import io.meshbridge.pilot.config.AutoRegistrationFactory;
import io.meshbridge.pilot.config.ValidServiceMapping;
import io.meshbridge.pilot.aggregate.ServiceMapping;
import io.meshbridge.model.ServiceKey;
import java.util.HashMap;
import java.util.Map;
import io.meshbridge.pilot.config.XdsFactory;
import io.meshbridge.pilot.config.SecurityFactory;
import io.meshbridge.pilot.config.AdminFactory;
import io.meshbridge.pilot.ca.CaFactory;
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
@ValidServiceMapping
public class PilotConfiguration extends Configuration {

  /** Port of the REST and admin API when {@code server:} is not given. */
  public static final int DEFAULT_REST_PORT = 15014;

  @JsonProperty @Valid @NotNull private XdsFactory xds = new XdsFactory();

  @JsonProperty @Valid @NotNull private DebounceFactory debounce = new DebounceFactory();

  @JsonProperty @Valid @NotNull
  private List<@Valid @NotNull RegistryFactory> registries = new ArrayList<>();

  @JsonProperty @Valid @NotNull
  private List<@Valid @NotNull MeshServiceFactory> services = new ArrayList<>();

  @JsonProperty @Valid @NotNull private PolicyFactory policy = new PolicyFactory();

  @JsonProperty @NotNull private Duration registrySyncTimeout = Duration.seconds(10);

  @JsonProperty @Valid @NotNull private CaFactory ca = new CaFactory();

  @JsonProperty @Valid @NotNull private SecurityFactory security = new SecurityFactory();

  @JsonProperty @Valid @NotNull
  private AutoRegistrationFactory autoRegistration = new AutoRegistrationFactory();

  public PilotConfiguration() {
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost("127.0.0.1");
    connector.setPort(DEFAULT_REST_PORT);
    SimpleServerFactory server = new SimpleServerFactory();
    server.setConnector(connector);
    server.setApplicationContextPath("/");
    server.setAdminContextPath("/admin");
    setServerFactory(server);
    setAdminFactory(new AdminFactory());
  }

  /** Dropwizard's {@code admin:}, read as pilot's {@link AdminFactory}, which extends it. */
  @Override
  @JsonProperty("admin")
  @JsonDeserialize(as = AdminFactory.class)
  public void setAdminFactory(io.dropwizard.core.setup.AdminFactory admin) {
    super.setAdminFactory(admin);
  }

  public XdsFactory xds() {
    return xds;
  }

  public PolicyFactory policy() {
    return policy;
  }

  /** The mesh CA; it runs only when {@code ca.directory} is given. */
  public CaFactory ca() {
    return ca;
  }

  /** {@code security:}: the root namespace of PeerAuthentication and AuthorizationPolicy. */
  public SecurityFactory security() {
    return security;
  }

  /** Who may call the REST and admin API. */
  public AdminFactory admin() {
    return (AdminFactory) getAdminFactory();
  }

  public AutoRegistrationFactory autoRegistration() {
    return autoRegistration;
  }

  public DebounceFactory debounce() {
    return debounce;
  }

  /** The registries, in precedence order. */
  public List<RegistryFactory> registries() {
    return Collections.unmodifiableList(registries);
  }

  /** The cross-registry service mapping entries, as written. */
  public List<MeshServiceFactory> services() {
    return Collections.unmodifiableList(services);
  }

  /** Which registry service is which mesh service; identity for everything not listed. */
  public ServiceMapping serviceMapping() {
    Map<ServiceMapping.Source, ServiceKey> renames = new HashMap<>();
    for (MeshServiceFactory mesh : services) {
      for (MeshServiceFactory.Source source : mesh.from()) {
        renames.put(new ServiceMapping.Source(source.registry(), source.service()), mesh.key());
      }
    }
    return new ServiceMapping(renames);
  }

  /** The options of the embedded {@link Pilot} this configuration describes. */
  public PilotOptions pilotOptions() {
    return new PilotOptions(
        xds.bindAddress(),
        xds.port(),
        xds.shutdownGracePeriod(),
        debounce.settings(),
        registrySyncTimeout.toJavaDuration(),
        xds.plaintext(),
        security.settings(ca.trustDomain()).withRevoked(ca.revokedUris()));
  }

  /**
   * Pilot must serve xDS somewhere: on the CA's TLS port, or plaintext by explicit choice.
   *
   * @throws InvalidConfigurationException if neither is configured
   */
  public void requireXdsServed() {
    if (!xds.plaintext() && !ca.enabled()) {
      throw new InvalidConfigurationException(
          "xds.plaintext: false and ca.directory: not set: pilot would serve xDS nowhere"
              + " (expected: ca.directory, for xDS over mTLS on ca.port, or xds.plaintext: true,"
              + " for loopback and tests)");
    }
  }

  /**
   * Builds the registry adapters (with the {@code istio-config} registry, last, when a policy
   * source is configured) and a {@link Pilot} over them; only the policy sources start now.
   */
  public Pilot buildPilot() {
    List<RegistryAdapter> adapters = new ArrayList<>();
    for (RegistryFactory factory : registries) {
      adapters.add(factory.build());
    }
    if (policy.configured()) {
      adapters.add(new IstioConfigRegistry()); // last: every other registry takes precedence
    }
    KubernetesPolicyFactory kubernetes = policy.kubernetes();
    KubernetesPolicySource source = kubernetes == null ? null : kubernetes.build();
    Pilot pilot =
        Pilot.create(pilotOptions(), adapters, serviceMapping(), autoRegistration.settings());
    java.nio.file.Path directory = policy.directory();
    if (directory != null) {
      pilot.watchPolicies(directory, policy.pollInterval());
    }
    if (source != null) {
      pilot.watchKubernetesPolicies(source);
    }
    return pilot;
  }
}
