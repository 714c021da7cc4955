package io.meshbridge.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** This build's version, from the filtered {@code version.properties}. */
public final class AgentVersion {

  /** E.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the agent jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
  }

  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"meshbridge-agent " + version()};
    }
  }

  private AgentVersion() {}
}
