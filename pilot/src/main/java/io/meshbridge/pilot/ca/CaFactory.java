package io.meshbridge.pilot.ca;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code ca:} in pilot's YAML. The CA runs only when {@code directory} is given; every other key
 * has a default (pilot/README.md, "Certificate authority").
 */
public final class CaFactory {

  /** {@code ca.plugin:} a root or intermediate supplied as files. */
  public static final class Plugin {
    @JsonProperty @NotEmpty private String certChain = "";
    @JsonProperty @NotEmpty private String key = "";
    @JsonProperty @NotEmpty private String rootCerts = "";
    @JsonProperty private @Nullable String previousRootCerts;
    @JsonProperty private @Nullable String previousRootsUntil;

    PluginCa files() {
      String previous = previousRootCerts;
      String until = previousRootsUntil;
      Instant end;
      try {
        end = until == null ? null : Instant.parse(until);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "ca.plugin.previousRootsUntil: '" + until + "' (expected: an instant such as 2026-12-01T00:00:00Z)", e);
      }
      return new PluginCa(
          Path.of(certChain), Path.of(key), Path.of(rootCerts),
          previous == null ? null : Path.of(previous), end);
    }
  }

  @JsonProperty private @Nullable String directory;

  @JsonProperty @NotEmpty private String trustDomain = CaOptions.DEFAULT_TRUST_DOMAIN;

  @JsonProperty private @Nullable Plugin plugin;

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration workloadCertTtl = Duration.hours(24);

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration maxWorkloadCertTtl = Duration.days(7);

  @JsonProperty @NotEmpty private String bindAddress = "127.0.0.1";

  @JsonProperty @Min(0) @Max(65535) private int port = CaOptions.DEFAULT_PORT;

  @JsonProperty @NotNull private List<@NotEmpty String> serverNames = List.of("localhost", "127.0.0.1");

  private Set<SpiffeId> revoked = Set.of();

  @JsonProperty private boolean kubernetesTokenReview;

  @JsonProperty
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration servingCertTtl = Duration.hours(24);

  @JsonProperty @NotEmpty private String pilotNamespace = CaOptions.DEFAULT_PILOT_NAMESPACE;

  /** The identities refused every certificate; each entry must parse, else the file is refused. */
  @JsonProperty("revoked")
  void setRevoked(List<String> uris) {
    Set<SpiffeId> parsed = new LinkedHashSet<>();
    for (int i = 0; i < uris.size(); i++) {
      try {
        parsed.add(SpiffeId.parse(uris.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ca.revoked[" + i + "]: " + e.getMessage(), e);
      }
    }
    revoked = Set.copyOf(parsed);
  }

  /** {@code ca.revoked} as SPIFFE URIs, for translation: proxies deny them too. */
  public Set<String> revokedUris() {
    Set<String> uris = new LinkedHashSet<>();
    revoked.forEach(id -> uris.add(id.uri()));
    return uris;
  }

  /** {@code ca.trustDomain}, also when the CA is off: translation names identities with it. */
  public String trustDomain() {
    return trustDomain;
  }

  /** Whether the CA runs at all. */
  public boolean enabled() {
    return directory != null;
  }

  /**
   * The options, when {@link #enabled()}.
   *
   * @throws IllegalArgumentException naming the field whose value does not fit the others
   */
  public CaOptions options() {
    if (directory == null) {
      throw new IllegalStateException("ca.directory: not set (the CA is off)");
    }
    Plugin files = plugin;
    return new CaOptions(
        Path.of(directory),
        trustDomain,
        files == null ? null : files.files(),
        workloadCertTtl.toJavaDuration(),
        maxWorkloadCertTtl.toJavaDuration(),
        bindAddress,
        port,
        serverNames,
        revoked,
        kubernetesTokenReview,
        servingCertTtl.toJavaDuration(),
        pilotNamespace);
  }
}
