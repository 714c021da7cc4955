package io.meshbridge.pilot.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Dropwizard's YAML configuration factory, except that an empty (or blank) file means "all
 * defaults" instead of an error. Like Dropwizard's default factory, it fails on unknown fields.
 */
public final class EmptyAsDefaultsConfigurationFactory<T> extends YamlConfigurationFactory<T> {

  public EmptyAsDefaultsConfigurationFactory(
      Class<T> klass, Validator validator, ObjectMapper mapper, String propertyPrefix) {
    super(
        klass,
        validator,
        mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
        propertyPrefix);
  }

  @Override
  public T build(ConfigurationSourceProvider provider, String path)
      throws IOException, ConfigurationException {
    byte[] content;
    try (InputStream in = provider.open(path)) {
      content = in.readAllBytes();
    }
    byte[] effective =
        new String(content, StandardCharsets.UTF_8).isBlank()
            ? "{}".getBytes(StandardCharsets.UTF_8)
            : content;
    return super.build(p -> new ByteArrayInputStream(effective), path);
  }
}
