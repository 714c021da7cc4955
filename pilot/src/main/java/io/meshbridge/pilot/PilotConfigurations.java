package io.meshbridge.pilot;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.meshbridge.pilot.config.EmptyAsDefaultsConfigurationFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads a pilot YAML file outside Dropwizard's commands, e.g. for the launcher. */
public final class PilotConfigurations {

  /**
   * Parses and validates {@code file}; an empty file gives the defaults.
   *
   * @throws InvalidConfigurationException naming the file and the offending field
   * @throws UncheckedIOException if the file cannot be read
   */
  public static PilotConfiguration load(Path file) {
    EmptyAsDefaultsConfigurationFactory<PilotConfiguration> factory =
        new EmptyAsDefaultsConfigurationFactory<>(
            PilotConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    try {
      return factory.build(new FileConfigurationSourceProvider(), file.toString());
    } catch (ConfigurationException e) {
      throw new InvalidConfigurationException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private PilotConfigurations() {}
}
